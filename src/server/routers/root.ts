import { createCallerFactory, router } from "@/server/trpc/init";
import { adminRouter } from "./admin";
import { authRouter } from "./auth";
import { bookingRouter } from "./booking";
import { conversationRouter } from "./conversation";
import { messageRouter } from "./message";
import { pushRouter } from "./push";
import { reportRouter } from "./report";
import { serviceRouter } from "./service";
import { userRouter } from "./user";

export const appRouter = router({
  auth: authRouter,
  user: userRouter,
  conversation: conversationRouter,
  message: messageRouter,
  service: serviceRouter,
  booking: bookingRouter,
  report: reportRouter,
  admin: adminRouter,
  push: pushRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
