import { useParams } from "react-router";

/** The organisation in the URL: every screen under /orgs/:orgId reads it from here. */
export function useOrgId(): string {
  const { orgId } = useParams();
  if (!orgId) throw new Error("useOrgId outside /orgs/:orgId");
  return orgId;
}

export function useParam(name: string): string {
  const value = useParams()[name];
  if (!value) throw new Error(`missing route parameter ${name}`);
  return value;
}
