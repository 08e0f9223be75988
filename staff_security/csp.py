"""Content-Security-Policy with one policy for the public site and a looser one for the Wagtail admin."""

from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from csp.utils import default_config

from django.conf import settings

from core.admin_paths import is_admin_request


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, which sends CONTENT_SECURITY_POLICY, except that admin pages get
    ADMIN_CONTENT_SECURITY_POLICY: Wagtail's admin still writes inline scripts and styles, which
    the public policy refuses (docs/security.md)."""

    def process_response(self, request, response):
        if is_admin_request(request) and not getattr(request, "is_dummy", False):
            # The admin's page preview runs the public page through the middleware again, inside
            # the admin's request; the preview is an admin page, framed by the admin.
            del response[HEADER]
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_request(request):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts
