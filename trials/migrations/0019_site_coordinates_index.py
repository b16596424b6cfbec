from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('trials', '0018_summary_section_taking_part'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='site',
            index=models.Index(fields=['latitude', 'longitude', 'trial'], name='site_coordinates'),
        ),
    ]
