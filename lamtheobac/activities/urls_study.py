urlpatterns: list = []  # filled by the study views
