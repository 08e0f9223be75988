"""Staff sign-in security for the Wagtail admin: a second factor, login throttling and the admin's CSP."""
