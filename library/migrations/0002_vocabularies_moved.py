# The vocabularies and people moved to their own apps (taxonomy, people): only the state changes,
# the columns and constraints already point at the renamed tables.

import modelcluster.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('library', '0001_initial'),
        ('people', '0001_initial'),
        ('taxonomy', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='resourcepage',
                    name='contributor_organisations',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, to='people.organisation', verbose_name='organisations'),
                ),
                migrations.AlterField(
                    model_name='resourcepage',
                    name='contributor_people',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, to='people.person', verbose_name='people'),
                ),
                migrations.AlterField(
                    model_name='resourcepage',
                    name='professions',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, to='taxonomy.profession', verbose_name='professions'),
                ),
                migrations.AlterField(
                    model_name='resourcepage',
                    name='target_groups',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, to='taxonomy.targetgroup', verbose_name='target groups'),
                ),
                migrations.AlterField(
                    model_name='resourcepage',
                    name='themes',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, to='taxonomy.theme', verbose_name='themes'),
                ),
            ]
        ),
    ]
