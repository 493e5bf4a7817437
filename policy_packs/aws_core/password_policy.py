"""The IAM account password policy: long passwords, of every character class, not reused,
expiring."""

from __future__ import annotations

from iacgate.rules import Context, Resource, Severity, Verdict, fail, is_unknown, ok, rule, unknown

from ._aws import CIS, FSBP, reason, summarize

POLICY = "aws.iam.account_password_policy"
MIN_LENGTH = 14
REUSE = 24
MAX_AGE = 90
CLASSES = (
    ("require_uppercase_characters", "uppercase letters"),
    ("require_lowercase_characters", "lowercase letters"),
    ("require_numbers", "numbers"),
    ("require_symbols", "symbols"),
)


@rule(
    code="AWS-IAM-010",
    name="iam-password-policy-short-minimum-length",
    kind=POLICY,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["1.8"], FSBP: ["IAM.7"]},
    tags=["iam", "authentication"],
)
def iam_password_policy_short_minimum_length(policy: Resource, ctx: Context) -> Verdict:
    """The account password policy accepts passwords shorter than 14 characters.

    What it checks
        ``minimum_password_length`` must be 14 or more (AWS's default is 6; an account without
        a policy applies it).
    Why it matters
        Length is what makes a password resist guessing and cracking; console passwords of 6
        or 8 characters fall to offline attacks and password spraying.
    How to fix
        Require at least 14 characters.

        Terraform:

        ```hcl
        resource "aws_iam_account_password_policy" "strict" {
          minimum_password_length = 14
        }
        ```

        CloudFormation: no resource type sets the password policy (set it with Terraform, the
        CLI or the console).
    """
    length = policy.get("minimum_password_length")
    if is_unknown(length):
        return unknown(reason(length, "the minimum password length"), "minimum_password_length")
    if not isinstance(length, int) or length < MIN_LENGTH:
        return fail(
            f"passwords may be {length} characters long ({MIN_LENGTH} or more expected)",
            "minimum_password_length",
        )
    return ok()


@rule(
    code="AWS-IAM-011",
    name="iam-password-policy-allows-reuse",
    kind=POLICY,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["1.9"], FSBP: ["IAM.7"]},
    tags=["iam", "authentication"],
)
def iam_password_policy_allows_reuse(policy: Resource, ctx: Context) -> Verdict:
    """The account password policy lets users reuse recent passwords.

    What it checks
        ``password_reuse_prevention`` must remember the last 24 passwords (unset: any password
        may be reused).
    Why it matters
        A password that leaked once stays valid if its owner can set it again at the next
        forced change; reuse prevention makes rotation mean something.
    How to fix
        Prevent the reuse of the last 24 passwords.

        Terraform:

        ```hcl
        resource "aws_iam_account_password_policy" "strict" {
          password_reuse_prevention = 24
        }
        ```

        CloudFormation: no resource type sets the password policy.
    """
    reuse = policy.get("password_reuse_prevention")
    if is_unknown(reuse):
        return unknown(reason(reuse, "the password reuse prevention"), "password_reuse_prevention")
    if not isinstance(reuse, int) or reuse < REUSE:
        said = (
            "any previous password may be reused"
            if reuse is None
            else f"only the last {reuse} passwords are remembered"
        )
        return fail(f"{said} ({REUSE} expected)", "password_reuse_prevention")
    return ok()


@rule(
    code="AWS-IAM-012",
    name="iam-password-policy-weak-complexity",
    kind=POLICY,
    severity=Severity.LOW,
    frameworks={FSBP: ["IAM.7"]},
    tags=["iam", "authentication"],
)
def iam_password_policy_weak_complexity(policy: Resource, ctx: Context) -> list[Verdict]:
    """The account password policy does not require every character class.

    What it checks
        Uppercase and lowercase letters, numbers and symbols must each be required
        (``require_uppercase_characters``, ``require_lowercase_characters``,
        ``require_numbers``, ``require_symbols``); each is off by default.
    Why it matters
        The AWS Foundational Security Best Practices (IAM.7) expect every class: without them
        users pick dictionary words that the first guesses of a spraying attack try.
    How to fix
        Require every class.

        Terraform:

        ```hcl
        resource "aws_iam_account_password_policy" "strict" {
          require_uppercase_characters = true
          require_lowercase_characters = true
          require_numbers              = true
          require_symbols              = true
        }
        ```

        CloudFormation: no resource type sets the password policy.
    """
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for name, what in CLASSES:
        value = policy.get(name)
        if is_unknown(value):
            unknowns.append(unknown(reason(value, f"whether {what} are required"), name))
        elif value is not True:
            fails.append(fail(f"passwords need not contain {what}", name))
    return summarize(fails, unknowns)


@rule(
    code="AWS-IAM-013",
    name="iam-password-policy-no-expiry",
    kind=POLICY,
    severity=Severity.LOW,
    tags=["iam", "authentication"],
)
def iam_password_policy_no_expiry(policy: Resource, ctx: Context) -> Verdict:
    """The account password policy lets passwords live longer than 90 days.

    What it checks
        ``max_password_age`` must be set to 90 days or less (unset: passwords never expire).
    Why it matters
        A console password that never expires stays usable by whoever obtained it, for as long
        as the user exists. (Where every human signs in through federation, this matters less:
        then prefer removing IAM console passwords altogether.)
    How to fix
        Expire passwords after at most 90 days.

        Terraform:

        ```hcl
        resource "aws_iam_account_password_policy" "strict" {
          max_password_age = 90
        }
        ```

        CloudFormation: no resource type sets the password policy.
    """
    age = policy.get("max_password_age")
    if is_unknown(age):
        return unknown(reason(age, "the maximum password age"), "max_password_age")
    if age is None:
        return fail("passwords never expire", "max_password_age")
    if isinstance(age, int) and age > MAX_AGE:
        return fail(
            f"passwords expire after {age} days ({MAX_AGE} or less expected)", "max_password_age"
        )
    return ok()
