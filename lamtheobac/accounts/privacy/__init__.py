"""Personal data under Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 (in force 1/1/2026) and Nghị định
356/2025/NĐ-CP guiding it (in force 1/1/2026): the notice shown at first sign-in and the consent recorded
(``services.notice_accept``), requests to correct or delete (``services.data_request_create``), answered by an
officer of the person's org within the set time (``services.data_request_answer``), each in the audit log."""
