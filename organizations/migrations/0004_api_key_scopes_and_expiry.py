"""API keys get scopes and an optional expiry.

Keys made before scopes existed keep working for everything their role allowed: each gets
every scope its role covers. The table is frozen here as it stood when scopes came in (a
migration must not follow later changes of ``organizations/roles.py``).
"""

from django.db import migrations, models

ALL = ["analytics.read", "roster.read", "roster.write", "programs.read"]
SCOPES_BY_ROLE = {
    "admin": ALL,
    "hr_analyst": ALL,
    "program_manager": ["analytics.read", "programs.read"],
    "senior_leader": ["programs.read"],
    "member": ["programs.read"],
}


def give_existing_keys_their_roles_scopes(apps, schema_editor):
    APIKey = apps.get_model("organizations", "APIKey")
    for role, scopes in SCOPES_BY_ROLE.items():
        APIKey.objects.filter(role=role).update(scopes=scopes)


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0003_roster_load_api_source"),
    ]

    operations = [
        migrations.AddField(
            model_name="apikey",
            name="expires_at",
            field=models.DateTimeField(
                blank=True,
                help_text="The key stops working at this moment; empty: until revoked.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="apikey",
            name="scopes",
            field=models.JSONField(
                blank=True, default=list, help_text='What the key may reach, e.g. ["analytics.read"].'
            ),
        ),
        migrations.RunPython(give_existing_keys_their_roles_scopes, migrations.RunPython.noop),
    ]
