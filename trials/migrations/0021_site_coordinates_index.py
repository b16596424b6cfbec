from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('trials', '0020_contacts'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='site',
            index=models.Index(fields=['latitude', 'longitude', 'trial'], name='site_coordinates'),
        ),
    ]
