import { redirect } from "next/navigation";
import { currentUser } from "@/server/auth/current-user";

export default async function Home() {
  const user = await currentUser();
  // Glow support lands on its console; everyone else on their messages.
  redirect(!user ? "/login" : user.role === "ADMIN" ? "/admin" : "/messages");
}
