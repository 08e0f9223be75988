"""E-invoices: the issued document keeps the bank account as fields for the UBL payment means, and
the outbox holds each UBL document with its status. Adding the columns updates no row, so the
trigger that refuses changes to issued documents (0002) does not fire."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('billing', '0003_payments'),
    ]

    operations = [
        migrations.AddField(
            model_name='invoice',
            name='payee_bank_account_number',
            field=models.CharField(blank=True, max_length=10, verbose_name='account number'),
        ),
        migrations.AddField(
            model_name='invoice',
            name='payee_bank_registration_number',
            field=models.CharField(blank=True, max_length=4, verbose_name='registration number'),
        ),
        migrations.AddField(
            model_name='invoice',
            name='payee_bic',
            field=models.CharField(blank=True, max_length=11, verbose_name='BIC/SWIFT'),
        ),
        migrations.AddField(
            model_name='invoice',
            name='payee_iban',
            field=models.CharField(blank=True, max_length=34, verbose_name='IBAN'),
        ),
        migrations.CreateModel(
            name='EInvoiceMessage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('made', 'Made'), ('sent', 'Sent'), ('failed', 'Failed'), ('accepted', 'Accepted')], default='made', max_length=16, verbose_name='status')),
                ('document', models.TextField(verbose_name='UBL document')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='made')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent')),
                ('failed_at', models.DateTimeField(blank=True, null=True, verbose_name='failed')),
                ('accepted_at', models.DateTimeField(blank=True, null=True, verbose_name='accepted')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                ('last_error', models.TextField(blank=True, verbose_name='last error')),
                ('sender', models.CharField(blank=True, max_length=200, verbose_name='sender')),
                ('sender_reference', models.CharField(blank=True, max_length=200, verbose_name="sender's reference")),
                ('invoice', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='einvoice', to='billing.invoice', verbose_name='document')),
            ],
            options={
                'verbose_name': 'e-invoice',
                'verbose_name_plural': 'e-invoices',
                'ordering': ['-created_at', '-pk'],
                'permissions': [('resend_einvoicemessage', 'Can send a failed e-invoice again')],
                'indexes': [models.Index(fields=['status', 'created_at'], name='billing_ein_status_7a4583_idx')],
            },
        ),
    ]
