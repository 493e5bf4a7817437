"""AWS API errors into coverage statuses: every failure is kept, with AWS's own words."""

from __future__ import annotations

from iacgate.live.coverage import CoverageStatus

DENIED_CODES = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "AuthorizationError",
        "AuthorizationErrorException",
        "Forbidden",
        "UnauthorizedAccess",
        "InsufficientPrivilegesException",
    }
)
THROTTLED_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottled",
        "RequestThrottledException",
        "RequestLimitExceeded",
        "TooManyRequestsException",
        "SlowDown",
        "ProvisionedThroughputExceededException",
        "BandwidthLimitExceeded",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    }
)
UNAUTHORIZED_CODES = frozenset(
    {
        "InvalidClientTokenId",
        "UnrecognizedClientException",
        "AuthFailure",
        "ExpiredToken",
        "ExpiredTokenException",
        "InvalidAccessKeyId",
        "SignatureDoesNotMatch",
        "InvalidSignatureException",
        "IncompleteSignature",
        "MissingAuthenticationToken",
    }
)
# The service or the region is not available to this account (opt-in regions, services not
# offered in a region).
NOT_FOUND_CODES = frozenset(
    {"OptInRequired", "SubscriptionRequiredException", "UnknownOperationException"}
)


def status_of(code: str, http_status: int = 0) -> CoverageStatus:
    if code in DENIED_CODES:
        return CoverageStatus.DENIED
    if code in THROTTLED_CODES:
        return CoverageStatus.THROTTLED
    if code in UNAUTHORIZED_CODES:
        return CoverageStatus.UNAUTHORIZED
    if code in NOT_FOUND_CODES:
        return CoverageStatus.NOT_FOUND
    if http_status == 403:
        return CoverageStatus.DENIED
    if http_status == 429:
        return CoverageStatus.THROTTLED
    if http_status == 401:
        return CoverageStatus.UNAUTHORIZED
    return CoverageStatus.ERROR


# The order in which a kind's coverage entry reports its worst failure.
SEVERITY = (
    CoverageStatus.UNAUTHORIZED,
    CoverageStatus.DENIED,
    CoverageStatus.NOT_FOUND,
    CoverageStatus.THROTTLED,
    CoverageStatus.ERROR,
)
