urlpatterns: list = []  # filled by the exemplars views
