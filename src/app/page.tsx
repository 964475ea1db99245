import { redirect } from "next/navigation";
import { currentUser } from "@/server/auth/current-user";

export default async function Home() {
  const user = await currentUser();
  redirect(user ? "/messages" : "/login");
}
