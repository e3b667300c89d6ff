"""`portal users ...` commands."""
from __future__ import annotations

import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.auth.models import Role, User
from portal.auth.passwords import check_password
from portal.extensions import db
from portal.mail.models import OutboundEmail


def user(email: str) -> User:
    db.session.expire_all()
    return db.session.scalars(sa.select(User).where(User.email == email)).one()


def test_create_with_password(runner):
    result = runner.invoke(args=["users", "create", "--email", "Root@Corp.example", "--name",
                                 "Root Admin", "--role", "admin", "--password",
                                 "tangerine lamp orbit"])
    assert result.exit_code == 0, result.output
    assert "Created administrator root@corp.example" in result.output
    created = user("root@corp.example")
    assert created.role is Role.ADMIN and check_password(created.password_hash,
                                                         "tangerine lamp orbit")
    assert "user.created" in set(db.session.scalars(sa.select(AuditEvent.action)))


def test_create_prompts_twice_for_the_password(runner):
    result = runner.invoke(args=["users", "create", "--email", "p@corp.example", "--name", "P",
                                 "--role", "procurement"],
                           input="tangerine lamp orbit\ntangerine lamp orbit\n")
    assert result.exit_code == 0, result.output
    assert "tangerine" not in result.output  # hidden input
    assert check_password(user("p@corp.example").password_hash, "tangerine lamp orbit")


def test_create_refuses_weak_password_and_duplicates(runner, make_user):
    weak = runner.invoke(args=["users", "create", "--email", "w@corp.example", "--name", "W",
                               "--password", "short"])
    assert weak.exit_code == 1 and "at least 12 characters" in weak.output
    make_user("procurement", email="taken@corp.example")
    dup = runner.invoke(args=["users", "create", "--email", "TAKEN@corp.example", "--name", "T",
                              "--password", "tangerine lamp orbit"])
    assert dup.exit_code == 1 and "already exists" in dup.output
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 1


def test_create_with_invite_puts_link_in_outbox(runner):
    result = runner.invoke(args=["users", "create", "--email", "cm@corp.example", "--name",
                                 "Cara", "--role", "contract_manager", "--invite"])
    assert result.exit_code == 0, result.output
    assert "outbox" in result.output
    mail = db.session.scalars(sa.select(OutboundEmail)).one()
    assert mail.to_address == "cm@corp.example" and "http://portal.test/invite/" in mail.body_text
    assert not user("cm@corp.example").has_password


def test_create_refuses_vendor_role(runner):
    result = runner.invoke(args=["users", "create", "--email", "v@corp.example", "--name", "V",
                                 "--role", "vendor", "--password", "tangerine lamp orbit"])
    assert result.exit_code == 2


def test_list(runner, make_user, make_vendor):
    make_user("admin", email="a@corp.example")
    make_user("vendor", vendor=make_vendor("Acme AI Ltd"), email="v@acme.example")
    make_user("procurement", email="gone@corp.example", is_active=False)
    result = runner.invoke(args=["users", "list"])
    assert result.exit_code == 0
    assert "a@corp.example" in result.output and "[Acme AI Ltd]" in result.output
    assert "deactivated" in result.output and "3 account(s)." in result.output
    active = runner.invoke(args=["users", "list", "--active-only"])
    assert "gone@corp.example" not in active.output


def test_deactivate_and_reactivate(runner, make_user):
    make_user("procurement", email="pat@corp.example")
    result = runner.invoke(args=["users", "deactivate", "PAT@corp.example"])
    assert result.exit_code == 0 and "Deactivated pat@corp.example" in result.output
    assert not user("pat@corp.example").is_active
    assert runner.invoke(args=["users", "reactivate", "pat@corp.example"]).exit_code == 0
    assert user("pat@corp.example").is_active
    missing = runner.invoke(args=["users", "deactivate", "nobody@corp.example"])
    assert missing.exit_code == 1 and "No account" in missing.output


def test_set_password_prompts_and_lifts_lockout(runner, make_user):
    from portal.extensions import utcnow

    make_user("procurement", email="pat@corp.example", failed_login_count=5,
              locked_until=utcnow())
    old_token = user("pat@corp.example").session_token
    result = runner.invoke(args=["users", "set-password", "pat@corp.example"],
                           input="tangerine lamp orbit\ntangerine lamp orbit\n")
    assert result.exit_code == 0, result.output
    changed = user("pat@corp.example")
    assert check_password(changed.password_hash, "tangerine lamp orbit")
    assert changed.locked_until is None and changed.session_token != old_token
    weak = runner.invoke(args=["users", "set-password", "pat@corp.example", "--password", "x"])
    assert weak.exit_code == 1 and "Password refused" in weak.output


def test_prune_attempts(runner):
    from datetime import timedelta

    from portal.auth.models import LoginAttempt
    from portal.extensions import utcnow

    db.session.add_all([
        LoginAttempt(email="a@corp.example", created_at=utcnow() - timedelta(days=40)),
        LoginAttempt(email="b@corp.example", created_at=utcnow()),
    ])
    db.session.commit()
    result = runner.invoke(args=["users", "prune-attempts"])
    assert result.exit_code == 0 and "Deleted 1 sign-in attempt(s)" in result.output
    assert db.session.scalar(sa.select(sa.func.count(LoginAttempt.id))) == 1
