urlpatterns: list = []  # filled by the pilots views
