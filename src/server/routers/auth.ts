import { z } from "zod";
import { Role } from "@/generated/prisma/enums";
import { registerUser } from "@/server/services/users";
import { publicProcedure, router } from "@/server/trpc/init";
import { limitRegistrationsPerIp } from "@/server/trpc/limits";

export const ZRegisterInput = z.object({
  email: z.email("must be an email address such as name@example.com").max(320),
  password: z
    .string()
    .min(8, "must be at least 8 characters")
    .max(200, "must be at most 200 characters"),
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
});
