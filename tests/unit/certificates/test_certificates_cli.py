import json

from click.testing import CliRunner

from portal.certificates.cli import certificates_cli
from portal.certificates.results import JSON_KEYS


def test_extract_json_shape(certificate_pdf, tmp_path):
    good = certificate_pdf()
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = CliRunner().invoke(
        certificates_cli, ["extract", "--format", "json", str(good), str(empty)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [item["file"] for item in data] == [str(good), str(empty)]
    for item in data:
        assert set(JSON_KEYS) <= set(item)
        assert isinstance(item["standards"], list) and isinstance(item["sites"], list)
    first = data[0]
    assert first["status"] == "ok"
    assert first["standard"] == "ISO/IEC 42001:2023"
    assert first["expiry_date"] == "2028-03-13"
    assert first["address"] == "12 Example Road, London EC1A 1BB, United Kingdom"
    assert first["sites"] == []
    assert data[1]["status"] == "malformed" and data[1]["standard"] is None


def test_extract_text_summary(certificate_pdf):
    result = CliRunner().invoke(certificates_cli, ["extract", str(certificate_pdf())])
    assert result.exit_code == 0
    assert "Example Analytics Ltd" in result.output and "Expires:" in result.output


def test_summary_of_a_multi_page_scan_that_could_not_be_read():
    from portal.certificates.reading_cli import format_summary
    from portal.certificates.results import STATUS_NEEDS_OCR, failed

    # a 5-page scan whose OCR ran out of time: no certificate pages are known
    result = failed(STATUS_NEEDS_OCR, "ocr_timeout", "The scan could not be read in time.", pages=5)
    assert format_summary("scan.pdf", result).startswith("scan.pdf: needs_ocr - The scan")


def test_extract_refuses_a_folder_and_explains_itself(tmp_path):
    refused = CliRunner().invoke(certificates_cli, ["extract", str(tmp_path)])
    assert refused.exit_code == 2
    assert "is a directory" in refused.output
    shown = CliRunner().invoke(certificates_cli, ["extract", "--help"])
    assert shown.exit_code == 0
    assert "--no-ocr" in shown.output and "--timeout" in shown.output


def test_the_console_script_reads_a_file_without_loading_click_or_flask(certificate_pdf):
    # `portal certificates extract` is timed against bare pdfplumber: its start-up must not
    # pay for the web stack or for Click (about 12 ms of a 200 ms start).
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from portal.cli import main\n"
        "sys.argv = ['portal', 'certificates', 'extract', '--format', 'json', '--no-ocr', "
        f"{str(certificate_pdf())!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as stop:\n"
        "    assert stop.code == 0, stop.code\n"
        "loaded = sorted(m for m in ('click', 'flask', 'sqlalchemy') if m in sys.modules)\n"
        "print('LOADED', loaded)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert '"status": "ok"' in run.stdout
    assert "LOADED []" in run.stdout
