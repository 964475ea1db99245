import { z } from "zod";
import { Role } from "@/generated/prisma/enums";
import { forgetPushDevices } from "@/server/services/push-subscriptions";
import { endUserSessions } from "@/server/services/sessions";
import { changePassword, registerUser } from "@/server/services/users";
import { authedProcedure, publicProcedure, router } from "@/server/trpc/init";
import { limitRegistrationsPerIp } from "@/server/trpc/limits";

const ZNewPassword = z.string().min(8, "must be at least 8 characters").max(200, "must be at most 200 characters");

export const ZRegisterInput = z.object({
  email: z.email("must be an email address such as name@example.com").max(320),
  password: ZNewPassword,
  name: z.string().trim().min(1, "must not be empty").max(80, "must be at most 80 characters"),
  // Admins are made by the admin:create script, never by signing up.
  role: z.enum(Role).extract(["CUSTOMER", "ARTIST"], { error: 'must be "CUSTOMER" or "ARTIST"' }),
});

export const authRouter = router({
  register: publicProcedure
    .use(limitRegistrationsPerIp)
    .input(ZRegisterInput)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => registerUser(ctx.prisma, input)),

  /** Ends every session of the caller, this one included, on every device and process. */
  signOutEverywhere: authedProcedure
    .output(z.object({ ended: z.number() }))
    .mutation(async ({ ctx }) => {
      // The devices signed out from afar stop getting this person's notifications too.
      await forgetPushDevices(ctx.prisma, ctx.user.id);
      return { ended: await endUserSessions(ctx, ctx.user.id) };
    }),

  /** Changes the password and ends every other session (this one stays signed in). */
  changePassword: authedProcedure
    .input(z.object({ currentPassword: z.string().min(1, "must not be empty").max(200, "must be at most 200 characters"), newPassword: ZNewPassword }))
    .output(z.object({ endedOtherSessions: z.number() }))
    .mutation(async ({ ctx, input }) => {
      await changePassword({ prisma: ctx.prisma, signInFailures: ctx.limits.signInFailures }, ctx.user.id, input);
      return { endedOtherSessions: await endUserSessions(ctx, ctx.user.id, { keep: ctx.user.sessionId }) };
    }),
});
