"""Demo data: a district modelled on Bạch Thông (Bắc Kạn), 2016–2020, with generated people and logins.

``names``, ``bach_thong`` and ``logins`` hold data only; ``people`` draws rosters from them (no database);
``build`` writes the tree, the people and the logins, and wipes them again.
"""
