"""PostgreSQL triggers behind the services' rules (other databases rely on the ORM guards).

- ``grants_auditentry`` refuses UPDATE and DELETE: the ledger is append-only even for SQL that
  bypasses the ORM (the hash chain still detects a change made by someone who disables this).
- ``grants_grant`` refuses to raise ``obligated_amount`` or ``paid_amount`` unless the grant is
  active: a suspended or closed grant accepts no disbursement, whatever code path tries.
"""
from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION grants_auditentry_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit ledger is append-only: % refused on entry #%', TG_OP, OLD.seq
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS grants_auditentry_append_only ON grants_auditentry;
CREATE TRIGGER grants_auditentry_append_only
    BEFORE UPDATE OR DELETE ON grants_auditentry
    FOR EACH ROW EXECUTE FUNCTION grants_auditentry_refuse_change();

CREATE OR REPLACE FUNCTION grants_grant_disburse_only_when_active() RETURNS trigger AS $$
BEGIN
    IF NEW.status <> 'active' THEN
        RAISE EXCEPTION 'Grant % is %: it accepts no disbursement', NEW.reference, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS grants_grant_disburse_only_when_active ON grants_grant;
CREATE TRIGGER grants_grant_disburse_only_when_active
    BEFORE UPDATE ON grants_grant
    FOR EACH ROW
    WHEN (NEW.obligated_amount > OLD.obligated_amount OR NEW.paid_amount > OLD.paid_amount)
    EXECUTE FUNCTION grants_grant_disburse_only_when_active();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS grants_grant_disburse_only_when_active ON grants_grant;
DROP FUNCTION IF EXISTS grants_grant_disburse_only_when_active();
DROP TRIGGER IF EXISTS grants_auditentry_append_only ON grants_auditentry;
DROP FUNCTION IF EXISTS grants_auditentry_refuse_change();
"""


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("grants", "0003_disbursement_workflow_fields"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
    ]
