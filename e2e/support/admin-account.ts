/** Glow support's account, created when the e2e server starts (BOOTSTRAP_ADMIN_EMAIL); sign in with signIn(). */
export const E2E_ADMIN = { email: "support@e2e.example", password: "e2e-admin-password", name: "Glow support" } as const;
