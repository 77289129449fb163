from django.urls import path

from catalog import search_views, views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("districts/", views.district_list, name="districts"),
    path("districts/<slug:slug>/", views.district_detail, name="district"),
    path("crafts/<slug:slug>/", views.craft_detail, name="craft"),
    path("products/<slug:slug>/", views.product_detail, name="product"),
    path("artisans/<slug:slug>/", views.artisan_detail, name="artisan"),
    path("collections/<slug:slug>/", views.collection_detail, name="collection"),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.search_suggest, name="search_suggest"),
]
