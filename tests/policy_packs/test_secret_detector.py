"""The shared secret detector (policy_packs/aws_core/_secrets.py) on the shapes fixtures do not
spell out: gzip-compressed user data, values computed at boot, bounded decompression."""

from __future__ import annotations

import base64
import gzip

from policy_packs.aws_core._secrets import MAX_DECODED, decoded, secret_literal, secrets_in_text

SCRIPT = "#!/bin/bash\nexport DB_PASSWORD='hunter2-gz'\n/opt/app/start\n"


def test_gzip_compressed_base64_user_data_is_read() -> None:
    packed = base64.b64encode(gzip.compress(SCRIPT.encode())).decode()
    assert decoded(packed) == SCRIPT
    found = secrets_in_text(packed)
    assert found == ["line 2: DB_PASSWORD is assigned a literal"]
    assert "hunter2" not in " ".join(found)


def test_values_computed_at_boot_and_references_pass() -> None:
    script = (
        "export DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id db)\n"
        'export API_TOKEN="${TOKEN_FROM_SSM}"\n'
        "DB_SECRET=arn:aws:secretsmanager:us-east-1:111122223333:secret:db\n"
        "psql postgres://app:$DB_PASSWORD@db:5432/app\n"
        "SECRET_TOKEN_FILE=/run/token\n"
    )
    assert secrets_in_text(script) == []


def test_credential_shapes_fail_whatever_their_name() -> None:
    assert secrets_in_text("curl https://u:pw-in-url@example.com/x") == [
        "line 1: a credential-shaped value"
    ]
    assert secret_literal("UPSTREAM", "AKIAIOSFODNN7EXAMPLE") == "holds a credential-shaped value"
    assert secret_literal("LOG_LEVEL", "debug") is None
    assert secret_literal("DB_PASSWORD", "changeme") is None  # a placeholder


def test_decompression_is_bounded() -> None:
    bomb = base64.b64encode(gzip.compress(b"A" * (MAX_DECODED * 4))).decode()
    assert len(decoded(bomb)) <= MAX_DECODED


def test_text_that_is_not_base64_is_read_as_written() -> None:
    assert decoded("#!/bin/bash\necho hi\n") == "#!/bin/bash\necho hi\n"
    assert decoded("abcdefgh") == "abcdefgh"  # valid base64, but not text once decoded
    starts_with_x = "xport DB_PASSWORD=hunter2-x\n"  # the zlib header byte, not zlib data
    assert decoded(base64.b64encode(starts_with_x.encode()).decode()) == starts_with_x


def test_a_secret_named_key_that_opens_an_object_is_not_a_literal() -> None:
    # A JSON configuration written by the script: the key names a service, its value is an
    # object on the following lines (seen in a Greengrass template's user data).
    script = (
        "cat <<EOT > config.json\n{\n"
        '  "SecretsManager" : {\n    "privateKeyPath" : "file:///k"\n  },\n'
        '  "Tokens": [\n  ]\n}\nEOT\n'
    )
    assert secrets_in_text(script) == []
    assert secrets_in_text('  "SecretsManager" : "hunter2-is-the-pass"') == [
        "line 1: SecretsManager is assigned a literal"
    ]
