import { createCallerFactory, router } from "@/server/trpc/init";
import { authRouter } from "./auth";
import { bookingRouter } from "./booking";
import { conversationRouter } from "./conversation";
import { messageRouter } from "./message";
import { serviceRouter } from "./service";
import { userRouter } from "./user";

export const appRouter = router({
  auth: authRouter,
  user: userRouter,
  conversation: conversationRouter,
  message: messageRouter,
  service: serviceRouter,
  booking: bookingRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
