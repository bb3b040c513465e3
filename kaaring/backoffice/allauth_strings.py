"""allauth's own words on the log-in and two-factor pages, in all three of our languages.

allauth ships bokmål but not nynorsk. Its form labels and messages are looked up with these
msgids; listing them here puts them in the back office's catalog, which Django searches before
allauth's (``kaaring.backoffice`` comes first in INSTALLED_APPS). Nothing imports this module.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

ALLAUTH_MSGIDS = (
    gettext_noop("Email"),
    gettext_noop("Email address"),
    gettext_noop("Password"),
    gettext_noop("Remember Me"),
    gettext_noop("Current Password"),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    gettext_noop("Password (again)"),
    gettext_noop("Change Password"),
    gettext_noop("Code"),
    gettext_noop("Authenticator code"),
    gettext_noop("Incorrect code."),
    gettext_noop("Incorrect password."),
    gettext_noop("Please type your current password."),
    gettext_noop("You must type the same password each time."),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("This account is currently inactive."),
    gettext_noop("Use your password"),
    gettext_noop("Use authenticator app or code"),
    gettext_noop("Password Reset"),
    gettext_noop("Reset My Password"),
)
LOGIN_LABEL = pgettext_lazy("field label", "Login")
