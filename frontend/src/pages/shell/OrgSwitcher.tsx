import { NativeSelect } from "@mantine/core";
import { Building2 } from "lucide-react";
import { useNavigate } from "react-router";
import type { Schemas } from "../../api/client";

export function OrgSwitcher({
  current,
  memberships,
}: {
  current: string;
  memberships: Schemas["MembershipSummary"][];
}) {
  const navigate = useNavigate();
  return (
    <NativeSelect
      label="Organisation"
      aria-label="Organisation"
      className="org-switcher"
      leftSection={<Building2 size={16} aria-hidden />}
      value={current}
      onChange={(event) => navigate(`/orgs/${event.currentTarget.value}`)}
      data={memberships.map((m) => ({ value: m.organization_id, label: `${m.organization_name} (${m.role})` }))}
    />
  );
}
