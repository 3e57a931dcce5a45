"""Organisation.currency; explicit link tables for the initiatives' tags (deleting a used tag is refused).

The link tables and columns already exist (Django created them as automatic many-to-many tables
in 0001); only the migration state changes, so no SQL runs for them. See portfolio/models/links.py.
The name 0002_initial is kept because grants' first migration depends on it.
"""

import django.db.models.deletion
import portfolio.money
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('portfolio', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='organisation',
            name='currency',
            field=portfolio.money.CurrencyField(blank=True, default='', help_text="The currency this organisation contributes or reports in (a donor's contribution currency).", verbose_name='usual currency'),
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='ActivityInstitution',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('assistanceactivity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='portfolio.assistanceactivity')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='portfolio.organisation')),
                    ],
                    options={
                        'db_table': 'portfolio_assistanceactivity_institutions',
                        'unique_together': {('assistanceactivity', 'organisation')},
                    },
                ),
                migrations.AlterField(
                    model_name='assistanceactivity',
                    name='institutions',
                    field=models.ManyToManyField(blank=True, related_name='assistance_activities', through='portfolio.ActivityInstitution', to='portfolio.organisation', verbose_name='institutions involved'),
                ),
                migrations.CreateModel(
                    name='InitiativeDacPurpose',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('codelistentry', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='portfolio.codelistentry')),
                        ('initiative', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='portfolio.initiative')),
                    ],
                    options={
                        'db_table': 'portfolio_initiative_dac_purposes',
                        'unique_together': {('initiative', 'codelistentry')},
                    },
                ),
                migrations.AlterField(
                    model_name='initiative',
                    name='dac_purposes',
                    field=models.ManyToManyField(blank=True, limit_choices_to={'codelist': 'Sector'}, related_name='+', through='portfolio.InitiativeDacPurpose', to='portfolio.codelistentry', verbose_name='DAC purpose codes'),
                ),
                migrations.CreateModel(
                    name='InitiativeGcmObjective',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('gcmobjective', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='portfolio.gcmobjective')),
                        ('initiative', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='portfolio.initiative')),
                    ],
                    options={
                        'db_table': 'portfolio_initiative_gcm_objectives',
                        'unique_together': {('initiative', 'gcmobjective')},
                    },
                ),
                migrations.AlterField(
                    model_name='initiative',
                    name='gcm_objectives',
                    field=models.ManyToManyField(blank=True, related_name='initiatives', through='portfolio.InitiativeGcmObjective', to='portfolio.gcmobjective', verbose_name='GCM objectives'),
                ),
                migrations.CreateModel(
                    name='InitiativeOtherCountry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='portfolio.country')),
                        ('initiative', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='portfolio.initiative')),
                    ],
                    options={
                        'db_table': 'portfolio_initiative_other_countries',
                        'unique_together': {('initiative', 'country')},
                    },
                ),
                migrations.AlterField(
                    model_name='initiative',
                    name='other_countries',
                    field=models.ManyToManyField(blank=True, help_text='For multi-country initiatives: the countries besides the lead country.', limit_choices_to={'in_programme': True}, related_name='multi_country_initiatives', through='portfolio.InitiativeOtherCountry', to='portfolio.country', verbose_name='other countries'),
                ),
                migrations.CreateModel(
                    name='InitiativeSector',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('governancesector', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='portfolio.governancesector')),
                        ('initiative', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='portfolio.initiative')),
                    ],
                    options={
                        'db_table': 'portfolio_initiative_sectors',
                        'unique_together': {('initiative', 'governancesector')},
                    },
                ),
                migrations.AlterField(
                    model_name='initiative',
                    name='sectors',
                    field=models.ManyToManyField(related_name='initiatives', through='portfolio.InitiativeSector', to='portfolio.governancesector', verbose_name='governance sectors engaged'),
                ),
                migrations.CreateModel(
                    name='InitiativeSupportType',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('initiative', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='portfolio.initiative')),
                        ('supporttype', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='portfolio.supporttype')),
                    ],
                    options={
                        'db_table': 'portfolio_initiative_support_types',
                        'unique_together': {('initiative', 'supporttype')},
                    },
                ),
                migrations.AlterField(
                    model_name='initiative',
                    name='support_types',
                    field=models.ManyToManyField(related_name='initiatives', through='portfolio.InitiativeSupportType', to='portfolio.supporttype', verbose_name='support types'),
                ),
            ],
        ),
    ]
