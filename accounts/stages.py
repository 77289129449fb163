"""allauth login stages of our own (see AccountAdapter.get_login_stages)."""

from allauth.account.stages import EmailVerificationStage as AllauthEmailVerificationStage


class EmailVerificationStage(AllauthEmailVerificationStage):
    """allauth's stage, skipped for accounts without an email: a mobile-only account was
    verified by the SMS code it signed up or signed in with."""

    def handle(self):
        user = self.login.user
        if user is not None and not user.email and user.phone:
            return None, True
        return super().handle()
