# The vocabularies and people moved to their own apps (taxonomy, people): only the state changes,
# the columns and constraints already point at the renamed tables.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('network', '0003_directory_page'),
        ('people', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='contactaddress',
                    name='organisation',
                    field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.organisation', verbose_name='organisation'),
                ),
                migrations.AlterField(
                    model_name='contactaddress',
                    name='person',
                    field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.person', verbose_name='person'),
                ),
            ]
        ),
    ]
