"""IAM (global): roles, users, groups, customer managed policies, access keys, instance profiles."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    CLOUDFORMATION,
    INT,
    NAMED_BY_AWS,
    NAMED_BY_CLOUDFORMATION,
    OPT_INT,
    OPT_OBJECT,
    OPT_STR,
    POLICY,
    STR,
    STRINGS,
    TAGS,
    AwsKind,
    Chosen,
    Collector,
    Edge,
    Field,
    Writers,
    enum,
    items,
)
from iacgate.model.edges import EdgeType

ROLE = AwsKind(
    name="aws.iam.role",
    description="An IAM role with its inline and attached policies",
    physical_id="name",
    terraform=Writers(
        types=("aws_iam_role",),
        folds=(
            "aws_iam_role_policy",
            "aws_iam_role_policy_attachment",
            "aws_iam_policy_attachment",
        ),
    ),
    cloudformation=Writers(
        types=("AWS::IAM::Role",), folds=("AWS::IAM::Policy", "AWS::IAM::RolePolicy")
    ),
    regional=False,
    identifiers=("name", "arn"),
    note="An IAM role.",
    fields=(
        Field(
            "name",
            STR,
            description="Physical id.",
            terraform="name",
            cloudformation="RoleName",
            default=NAMED_BY_AWS,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="RoleName",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="Arn",
        ),
        Field("path", STR, "/", terraform="path", cloudformation="Path", api="Path"),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="GetRole:Role.Tags"),
        Field(
            "inline_policies",
            {"type": "object", "additionalProperties": POLICY},
            {},
            description=(
                "Inline policies by name (Terraform inline blocks and aws_iam_*_policy; "
                "CloudFormation Policies; ListRolePolicies/GetRolePolicy)."
            ),
        ),
        Field(
            "inline_policy_documents",
            items(POLICY),
            [],
            description=(
                "Every inline policy document when inline_policies cannot be keyed (a policy "
                "name not known before apply: generated, or computed from unknown inputs), "
                "inline_policies being then UNKNOWN; [] otherwise. Code sources only: live "
                "collections know every name and may omit it."
            ),
            required=False,
        ),
        Field(
            "managed_policy_arns",
            STRINGS,
            [],
            description=(
                "Attached managed policies, sorted (Terraform managed_policy_arns, "
                "aws_iam_*_policy_attachment, aws_iam_policy_attachment; CloudFormation "
                "ManagedPolicyArns and AWS::IAM::ManagedPolicy Roles/Users/Groups)."
            ),
            api="ListAttachedRolePolicies:*.PolicyArn",
        ),
        Field(
            "description",
            OPT_STR,
            terraform="description",
            cloudformation="Description",
            api="Description",
        ),
        Field(
            "assume_role_policy",
            POLICY,
            description="The trust policy.",
            terraform="assume_role_policy",
            api="AssumeRolePolicyDocument",
        ),
        Field(
            "max_session_duration",
            INT,
            3600,
            terraform="max_session_duration",
            cloudformation="MaxSessionDuration",
            api="MaxSessionDuration",
        ),
        Field(
            "permissions_boundary",
            OPT_STR,
            description="ARN of the permissions boundary policy.",
            terraform="permissions_boundary",
            cloudformation="PermissionsBoundary",
            api="GetRole:Role.PermissionsBoundary.PermissionsBoundaryArn",
        ),
    ),
    edges=(Edge("managed_policy_arns.*", EdgeType.HAS_POLICY, ("aws.iam.policy",)),),
    collector=Collector(
        service="iam",
        calls=(
            call("iam", "ListRoles", paginated=True, gone=("NoSuchEntity",)),
            call("iam", "GetRole", gone=("NoSuchEntity",)),
            call("iam", "ListRolePolicies", paginated=True, gone=("NoSuchEntity",)),
            call("iam", "GetRolePolicy", gone=("NoSuchEntity",)),
            call("iam", "ListAttachedRolePolicies", paginated=True, gone=("NoSuchEntity",)),
        ),
        id_field="RoleName",
        arn="arn:{partition}:iam::{account}:role/{id}",
    ),
)


USER = AwsKind(
    name="aws.iam.user",
    description="An IAM user with its policies and group memberships",
    physical_id="name",
    terraform=Writers(
        types=("aws_iam_user",),
        folds=(
            "aws_iam_user_policy",
            "aws_iam_user_policy_attachment",
            "aws_iam_policy_attachment",
            "aws_iam_user_group_membership",
            "aws_iam_group_membership",
            "aws_iam_user_login_profile",
        ),
    ),
    cloudformation=Writers(
        types=("AWS::IAM::User",),
        folds=("AWS::IAM::Policy", "AWS::IAM::UserPolicy", "AWS::IAM::UserToGroupAddition"),
    ),
    regional=False,
    identifiers=("name", "arn"),
    note="An IAM user.",
    fields=(
        Field(
            "name",
            STR,
            description="Physical id.",
            terraform="name",
            cloudformation="UserName",
            default=NAMED_BY_AWS,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="UserName",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="Arn",
        ),
        Field("path", STR, "/", terraform="path", cloudformation="Path", api="Path"),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="GetUser:User.Tags"),
        Field(
            "inline_policies",
            {"type": "object", "additionalProperties": POLICY},
            {},
            description=(
                "Inline policies by name (Terraform inline blocks and aws_iam_*_policy; "
                "CloudFormation Policies; ListRolePolicies/GetRolePolicy)."
            ),
        ),
        Field(
            "inline_policy_documents",
            items(POLICY),
            [],
            description=(
                "Every inline policy document when inline_policies cannot be keyed (a policy "
                "name not known before apply: generated, or computed from unknown inputs), "
                "inline_policies being then UNKNOWN; [] otherwise. Code sources only: live "
                "collections know every name and may omit it."
            ),
            required=False,
        ),
        Field(
            "managed_policy_arns",
            STRINGS,
            [],
            description=(
                "Attached managed policies, sorted (Terraform managed_policy_arns, "
                "aws_iam_*_policy_attachment, aws_iam_policy_attachment; CloudFormation "
                "ManagedPolicyArns and AWS::IAM::ManagedPolicy Roles/Users/Groups)."
            ),
            api="ListAttachedUserPolicies:*.PolicyArn",
        ),
        Field(
            "permissions_boundary",
            OPT_STR,
            terraform="permissions_boundary",
            cloudformation="PermissionsBoundary",
            api="GetUser:User.PermissionsBoundary.PermissionsBoundaryArn",
        ),
        Field(
            "groups",
            STRINGS,
            [],
            description=(
                "Group names, sorted (aws_iam_user_group_membership, aws_iam_group_membership; "
                "CloudFormation Groups; ListGroupsForUser)."
            ),
            api="ListGroupsForUser:*.GroupName",
        ),
        Field(
            "login_profile",
            OPT_OBJECT,
            description="Console password; null when the user has none.",
            fields=(
                Field(
                    "password_reset_required",
                    BOOL,
                    False,
                    terraform="password_reset_required",
                    cloudformation="PasswordResetRequired",
                    api="PasswordResetRequired",
                ),
                Field(
                    "password",
                    OPT_STR,
                    description=(
                        "The initial password when the code writes it (CloudFormation "
                        "LoginProfile.Password); never read from AWS, always redacted."
                    ),
                    cloudformation="Password",
                    required=False,
                ),
            ),
            cloudformation="LoginProfile",
            absent=None,
            api="GetLoginProfile:LoginProfile",
        ),
    ),
    edges=(
        Edge("managed_policy_arns.*", EdgeType.HAS_POLICY, ("aws.iam.policy",)),
        Edge("groups.*", EdgeType.MEMBER_OF, ("aws.iam.group",)),
    ),
    collector=Collector(
        service="iam",
        calls=(
            call("iam", "ListUsers", paginated=True, gone=("NoSuchEntity",)),
            call("iam", "GetUser", gone=("NoSuchEntity",)),
            call("iam", "ListUserPolicies", paginated=True, gone=("NoSuchEntity",)),
            call("iam", "GetUserPolicy", gone=("NoSuchEntity",)),
            call("iam", "ListAttachedUserPolicies", paginated=True, gone=("NoSuchEntity",)),
            call("iam", "ListGroupsForUser", paginated=True, gone=("NoSuchEntity",)),
            call("iam", "GetLoginProfile", absent=("NoSuchEntity",), gone=("NoSuchEntity",)),
        ),
        id_field="UserName",
        arn="arn:{partition}:iam::{account}:user/{id}",
    ),
)


GROUP = AwsKind(
    name="aws.iam.group",
    description="An IAM group with its inline and attached policies",
    physical_id="name",
    terraform=Writers(
        types=("aws_iam_group",),
        folds=(
            "aws_iam_group_policy",
            "aws_iam_group_policy_attachment",
            "aws_iam_policy_attachment",
        ),
    ),
    cloudformation=Writers(
        types=("AWS::IAM::Group",), folds=("AWS::IAM::Policy", "AWS::IAM::GroupPolicy")
    ),
    regional=False,
    identifiers=("name", "arn"),
    note="An IAM group.",
    fields=(
        Field(
            "name",
            STR,
            description="Physical id.",
            terraform="name",
            cloudformation="GroupName",
            default=NAMED_BY_AWS,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="GroupName",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="Arn",
        ),
        Field("path", STR, "/", terraform="path", cloudformation="Path", api="Path"),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags"),
        Field(
            "inline_policies",
            {"type": "object", "additionalProperties": POLICY},
            {},
            description=(
                "Inline policies by name (Terraform inline blocks and aws_iam_*_policy; "
                "CloudFormation Policies; ListRolePolicies/GetRolePolicy)."
            ),
        ),
        Field(
            "inline_policy_documents",
            items(POLICY),
            [],
            description=(
                "Every inline policy document when inline_policies cannot be keyed (a policy "
                "name not known before apply: generated, or computed from unknown inputs), "
                "inline_policies being then UNKNOWN; [] otherwise. Code sources only: live "
                "collections know every name and may omit it."
            ),
            required=False,
        ),
        Field(
            "managed_policy_arns",
            STRINGS,
            [],
            description=(
                "Attached managed policies, sorted (Terraform managed_policy_arns, "
                "aws_iam_*_policy_attachment, aws_iam_policy_attachment; CloudFormation "
                "ManagedPolicyArns and AWS::IAM::ManagedPolicy Roles/Users/Groups)."
            ),
            api="ListAttachedGroupPolicies:*.PolicyArn",
        ),
    ),
    edges=(Edge("managed_policy_arns.*", EdgeType.HAS_POLICY, ("aws.iam.policy",)),),
    collector=Collector(
        service="iam",
        calls=(
            call("iam", "ListGroups", paginated=True, gone=("NoSuchEntity",)),
            call("iam", "ListGroupPolicies", paginated=True, gone=("NoSuchEntity",)),
            call("iam", "GetGroupPolicy", gone=("NoSuchEntity",)),
            call("iam", "ListAttachedGroupPolicies", paginated=True, gone=("NoSuchEntity",)),
        ),
        id_field="GroupName",
        arn="arn:{partition}:iam::{account}:group/{id}",
    ),
)


MANAGED_POLICY = AwsKind(
    name="aws.iam.policy",
    description="A customer-managed IAM policy",
    physical_id="arn",
    terraform=Writers(types=("aws_iam_policy",)),
    cloudformation=Writers(types=("AWS::IAM::ManagedPolicy",)),
    regional=False,
    identifiers=("arn",),
    note=(
        "A customer-managed policy (AWS-managed policies are referenced by ARN, not modelled as "
        "nodes)."
    ),
    fields=(
        Field(
            "name",
            STR,
            terraform="name",
            cloudformation="ManagedPolicyName",
            default=NAMED_BY_AWS,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="PolicyName",
        ),
        Field(
            "arn",
            STR,
            description="The policy ARN (physical id).",
            terraform="arn",
            default=ASSIGNED,
            api="Arn",
        ),
        Field("path", STR, "/", terraform="path", cloudformation="Path", api="Path"),
        Field(
            "description",
            OPT_STR,
            terraform="description",
            cloudformation="Description",
            api="GetPolicy:Policy.Description",
        ),
        Field(
            "policy",
            POLICY,
            description="The default version's document.",
            terraform="policy",
            cloudformation="PolicyDocument",
            api="GetPolicyVersion:PolicyVersion.Document",
        ),
        Field("tags", TAGS, terraform="tags", api="GetPolicy:Policy.Tags"),
    ),
    collector=Collector(
        service="iam",
        calls=(
            call("iam", "ListPolicies", paginated=True, gone=("NoSuchEntity",)),
            call("iam", "GetPolicy", gone=("NoSuchEntity",)),
            call("iam", "GetPolicyVersion", gone=("NoSuchEntity",)),
        ),
        id_field="Arn",
        arn="{id}",
        note="customer managed policies only (Scope=Local)",
    ),
)


ACCESS_KEY = AwsKind(
    name="aws.iam.access_key",
    description="An IAM access key (never its secret)",
    physical_id="access_key_id",
    terraform=Writers(types=("aws_iam_access_key",)),
    cloudformation=Writers(types=("AWS::IAM::AccessKey",)),
    regional=False,
    note="An access key. The secret is never read.",
    fields=(
        Field(
            "access_key_id",
            STR,
            description="AKIA... (physical id).",
            terraform="id",
            default=ASSIGNED,
            api="AccessKeyId",
        ),
        Field("user", STR, api="UserName"),
        Field(
            "status",
            enum("Active", "Inactive"),
            "Active",
            terraform="status",
            cloudformation="Status",
            api="Status",
        ),
    ),
    edges=(Edge("user", EdgeType.ATTACHED_TO, ("aws.iam.user",)),),
    collector=Collector(
        service="iam",
        calls=(
            call("iam", "ListUsers", paginated=True, gone=("NoSuchEntity",)),
            call("iam", "ListAccessKeys", paginated=True, gone=("NoSuchEntity",)),
        ),
        id_field="AccessKeyId",
        arn="{id}",
        address="{access_key_id}",
        note="key metadata only; secrets are never readable",
    ),
)


INSTANCE_PROFILE = AwsKind(
    name="aws.iam.instance_profile",
    description="An IAM instance profile",
    physical_id="name",
    terraform=Writers(types=("aws_iam_instance_profile",)),
    cloudformation=Writers(types=("AWS::IAM::InstanceProfile",)),
    regional=False,
    identifiers=("name", "arn"),
    fields=(
        Field(
            "name",
            STR,
            description="Physical id.",
            terraform="name",
            cloudformation="InstanceProfileName",
            default=NAMED_BY_AWS,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="InstanceProfileName",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="Arn",
        ),
        Field("path", STR, "/", terraform="path", cloudformation="Path", api="Path"),
        Field(
            "role",
            OPT_STR,
            description=(
                "The role name (CloudFormation Roles[0]; an instance profile holds at most one "
                "role)."
            ),
            terraform="role",
            api="Roles.0.RoleName",
        ),
        Field("tags", TAGS, terraform="tags", api="GetInstanceProfile:InstanceProfile.Tags"),
    ),
    edges=(Edge("role", EdgeType.USES_ROLE, ("aws.iam.role",)),),
    collector=Collector(
        service="iam",
        calls=(
            call("iam", "ListInstanceProfiles", paginated=True, gone=("NoSuchEntity",)),
            call("iam", "GetInstanceProfile", gone=("NoSuchEntity",)),
        ),
        id_field="InstanceProfileName",
        arn="arn:{partition}:iam::{account}:instance-profile/{id}",
    ),
)


PASSWORD_POLICY = AwsKind(
    name="aws.iam.account_password_policy",
    description="The IAM password policy of the account",
    physical_id="account_id",
    terraform=Writers(types=("aws_iam_account_password_policy",)),
    regional=False,
    note=(
        "One per account. No CloudFormation type writes it. An account without one applies "
        "the defaults below (UpdateAccountPasswordPolicy's); a live collection reports them."
    ),
    fields=(
        Field(
            "account_id",
            STR,
            description="The account (physical id); the provider's account in code (UNKNOWN).",
            default=Chosen("the provider's account"),
            api="AccountId",
        ),
        Field(
            "minimum_password_length",
            INT,
            6,
            terraform="minimum_password_length",
            api="MinimumPasswordLength",
        ),
        Field(
            "require_lowercase_characters",
            BOOL,
            False,
            terraform="require_lowercase_characters",
            api="RequireLowercaseCharacters",
        ),
        Field(
            "require_uppercase_characters",
            BOOL,
            False,
            terraform="require_uppercase_characters",
            api="RequireUppercaseCharacters",
        ),
        Field("require_numbers", BOOL, False, terraform="require_numbers", api="RequireNumbers"),
        Field("require_symbols", BOOL, False, terraform="require_symbols", api="RequireSymbols"),
        Field(
            "allow_users_to_change_password",
            BOOL,
            False,
            terraform="allow_users_to_change_password",
            api="AllowUsersToChangePassword",
        ),
        Field(
            "max_password_age",
            OPT_INT,
            description="Days before a password expires; null = never (the API's 0).",
            terraform="max_password_age",
            api="MaxPasswordAge",
        ),
        Field(
            "password_reuse_prevention",
            OPT_INT,
            description="How many previous passwords cannot be reused; null = any may be.",
            terraform="password_reuse_prevention",
            api="PasswordReusePrevention",
        ),
        Field("hard_expiry", BOOL, False, terraform="hard_expiry", api="HardExpiry"),
    ),
    collector=Collector(
        service="iam",
        calls=(call("iam", "GetAccountPasswordPolicy", absent=("NoSuchEntity",)),),
        id_field="AccountId",
        arn="iam-password-policy/{account}",
        address="iam-password-policy/{account_id}",
    ),
)


KINDS = (ROLE, USER, GROUP, MANAGED_POLICY, ACCESS_KEY, INSTANCE_PROFILE, PASSWORD_POLICY)
