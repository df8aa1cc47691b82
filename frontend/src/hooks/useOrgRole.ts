import { useOrganizations } from "./useSession";

/**
 * The caller's role in an organisation. Screens use it only to hide what the API would
 * refuse anyway (exporting clear-text values, bind mounts); the API stays the authority.
 */
export function useIsOrgAdmin(orgId: string): boolean {
  const orgs = useOrganizations();
  const role = orgs.data?.find((o) => o.id === orgId)?.role;
  return role === "owner" || role === "admin";
}
