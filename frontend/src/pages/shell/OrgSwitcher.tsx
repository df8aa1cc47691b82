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
    <label className="org-switcher">
      <span className="visually-hidden">Organisation</span>
      <select
        aria-label="Organisation"
        value={current}
        onChange={(event) => navigate(`/orgs/${event.target.value}/projects`)}
      >
        {memberships.map((m) => (
          <option key={m.organization_id} value={m.organization_id}>
            {m.organization_name} ({m.role})
          </option>
        ))}
      </select>
    </label>
  );
}
