"""The invoice series starts at 0, and the database itself refuses to change or delete an issued
document: any UPDATE or DELETE of an invoice or its VAT rows, and any UPDATE of a line other than
forgetting which registration it charged for (when that registration is erased), raises an error,
whatever code runs it. (TRUNCATE, which only tests use to empty the database, is not affected.)"""

from django.db import migrations

LOCK_ISSUED_DOCUMENTS = """
CREATE FUNCTION billing_refuse_change_of_issued_document() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'billing_invoiceline' AND TG_OP = 'UPDATE'
       AND (to_jsonb(NEW) - 'registration_id') = (to_jsonb(OLD) - 'registration_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'issued invoices and credit notes cannot be changed or deleted (%)', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER billing_invoice_issued BEFORE UPDATE OR DELETE ON billing_invoice
    FOR EACH ROW EXECUTE FUNCTION billing_refuse_change_of_issued_document();
CREATE TRIGGER billing_invoiceline_issued BEFORE UPDATE OR DELETE ON billing_invoiceline
    FOR EACH ROW EXECUTE FUNCTION billing_refuse_change_of_issued_document();
CREATE TRIGGER billing_invoicevat_issued BEFORE UPDATE OR DELETE ON billing_invoicevat
    FOR EACH ROW EXECUTE FUNCTION billing_refuse_change_of_issued_document();
"""

UNLOCK_ISSUED_DOCUMENTS = """
DROP TRIGGER billing_invoicevat_issued ON billing_invoicevat;
DROP TRIGGER billing_invoiceline_issued ON billing_invoiceline;
DROP TRIGGER billing_invoice_issued ON billing_invoice;
DROP FUNCTION billing_refuse_change_of_issued_document();
"""


def start_the_series(apps, schema_editor):
    apps.get_model("billing", "DocumentSeries").objects.get_or_create(name="invoices")


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]

    operations = [
        migrations.RunPython(start_the_series, migrations.RunPython.noop),
        migrations.RunSQL(LOCK_ISSUED_DOCUMENTS, UNLOCK_ISSUED_DOCUMENTS),
    ]
