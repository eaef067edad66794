"""`handouts export PLAN --fhir BUNDLE.json [--require-patient]`"""

from __future__ import annotations

from pathlib import Path

import click

from handouts.commands.brand import brand_dir_option


@click.command("export")
@brand_dir_option
@click.argument("plan", type=click.Path(path_type=Path))
@click.option("--fhir", "target", type=click.Path(path_type=Path), required=True,
              help="Write a FHIR R4 Bundle (JSON): the program as a CarePlan and the PDF as a DocumentReference.")
@click.option("--require-patient", is_flag=True,
              help="Refuse a plan without a record number (patient: id:), instead of exporting it unnamed.")
@click.option("--strict", is_flag=True, help="Treat clinical warnings as errors: print them and write nothing.")
@click.option("--pdfa", is_flag=True, help="Carry the PDF as PDF/A-2b, the archive's format (docs/pdfa.md).")
def command(plan: Path, target: Path, require_patient: bool, strict: bool, pdfa: bool) -> None:
    """Write PLAN and the PDF it builds as one FHIR R4 bundle, for the patient's record. No network: it writes a
    file, for the clinic's records system to take in (see docs/fhir.md)."""
    from handouts.commands import say
    from handouts.errors import printable
    from handouts.run.build import checked, pdf_bytes
    from handouts.write import fhir
    from handouts.write.output import check_target, write_atomic

    check_target(target, plan, suffix=".json")
    loaded, found = checked(plan, strict=strict)
    say.warnings(found + fhir.patient_warnings(loaded, str(plan), required=require_patient, file=plan))
    data = fhir.to_json(fhir.bundle(loaded, pdf_bytes(loaded, archival=pdfa)))
    write_atomic(target, data)
    click.echo(f"wrote {printable(str(target))} ({len(data) / 1024:.0f} KB)", err=True)
