from django.urls import path

from payments import views

app_name = "payments"

urlpatterns = [
    path("pay/<slug:number>/", views.pay, name="pay"),
    path("razorpay/return/", views.razorpay_return, name="razorpay_return"),
]
