urlpatterns: list = []  # filled by the inspections views
