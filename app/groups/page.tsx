import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { CreateGroupForm } from "@/components/groups/create-group-form";
import { JoinGroupForm } from "@/components/groups/join-group-form";
import { GROUP_ROLE_LABELS } from "@/lib/groups/schemas";
import { getCurrentUser } from "@/server/auth/session";
import { listMyGroups } from "@/server/groups/list-my-groups";

export const metadata: Metadata = { title: "Study groups" };

export default async function GroupsPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?callbackUrl=/groups");
  const groups = await listMyGroups(user);
  return (
    <div className="page groups-page">
      <h1>Study groups</h1>
      <section aria-labelledby="my-groups-heading">
        <h2 id="my-groups-heading">Your groups</h2>
        {groups.length === 0 ? (
          <p className="field__hint">You are not in a group yet. Join one with a code or an invitation link, or create one.</p>
        ) : (
          <ul className="group-list" aria-labelledby="my-groups-heading">
            {groups.map((group) => (
              <li key={group.id} className="group-list__item">
                <span className="group-list__name">
                  <Link href={`/groups/${group.id}`}>{group.name}</Link>
                  {group.description && <span className="group-list__description">{group.description}</span>}
                </span>
                <span className="tag">{GROUP_ROLE_LABELS[group.role]}</span>
                <span className="group-list__count">{group.memberCount === 1 ? "1 member" : `${group.memberCount} members`}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="groups-page__forms">
        {/* Joining first: most people here were given a code; a group is created once, by whoever leads it. */}
        <JoinGroupForm />
        <CreateGroupForm />
      </div>
    </div>
  );
}
