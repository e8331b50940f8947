urlpatterns: list = []  # filled by the documents views
