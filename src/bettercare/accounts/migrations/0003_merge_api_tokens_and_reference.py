"""Joins the API-token migration (issue 18) and the move of Membership.area to the reference app
(issue 12); neither changes the other's tables."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_api_tokens'),
        ('accounts', '0002_membership_area_points_to_reference'),
    ]

    operations = []
