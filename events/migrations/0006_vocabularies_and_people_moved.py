# Themes, professions, target groups, people and organisations now live in the taxonomy and people
# apps, which renamed their tables. Here only the state follows: event pages point at the moved
# models, and the events app forgets them.

import modelcluster.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_directory"),
        ("people", "0001_initial"),
        ("taxonomy", "0001_initial"),
        # Every other app must point at the moved models before the events app lets them go.
        ("library", "0002_vocabularies_moved"),
        ("network", "0004_people_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="eventpage",
                    name="partners",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True, to="people.organisation", verbose_name="partner organisations"
                    ),
                ),
                migrations.AlterField(
                    model_name="eventpage",
                    name="speakers",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True, to="people.person", verbose_name="facilitators and speakers"
                    ),
                ),
                migrations.AlterField(
                    model_name="eventpage",
                    name="themes",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True, to="taxonomy.theme", verbose_name="themes"
                    ),
                ),
                migrations.AlterField(
                    model_name="eventpage",
                    name="professions",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True, to="taxonomy.profession", verbose_name="target professions"
                    ),
                ),
                migrations.DeleteModel(name="Organisation"),
                migrations.DeleteModel(name="Person"),
                migrations.DeleteModel(name="Profession"),
                migrations.DeleteModel(name="TargetGroup"),
                migrations.DeleteModel(name="Theme"),
            ]
        ),
    ]
