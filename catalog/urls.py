from django.urls import path

from catalog import search_views, showcase_views, views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("districts/", views.district_list, name="districts"),
    path("districts/<slug:slug>/", views.district_detail, name="district"),
    path("crafts/<slug:slug>/", views.craft_detail, name="craft"),
    path("products/<slug:slug>/", views.product_detail, name="product"),
    path("artisans/<slug:slug>/", views.artisan_detail, name="artisan"),
    path("collections/<slug:slug>/", views.collection_detail, name="collection"),
    path("events/", showcase_views.event_list, name="events"),
    path("events/<slug:slug>/", showcase_views.event_detail, name="event"),
    path("gi/<slug:slug>/", showcase_views.gi_tag_detail, name="gi_tag"),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.search_suggest, name="search_suggest"),
]
