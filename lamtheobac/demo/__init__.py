"""The demo and the synthetic trees for benchmarks: a room of its own that no product module imports.

``data`` holds data only (the Bạch Thông tree, names, themes, actions, activities' words); ``people`` draws
rosters from it (no database); ``tree`` writes the district's orgs (under Đảng bộ tỉnh Bắc Kạn), people and
logins; ``province`` applies the reorganisation of 1/7/2025 through ``reorganise`` and staffs the province's
bodies; ``era`` says which tree each year is built on (the district's until 2024, the province's from 2025);
``cycle`` its years, plans and commitments (through the cycle app's services and workflow); ``activities`` its study, pilot
models, exemplars and inspections; ``reports`` the draft sơ kết; ``wipe`` deletes it all again; ``scale``
the large synthetic trees. The commands ``seed_demo`` and ``demo_logins`` drive them.
"""
