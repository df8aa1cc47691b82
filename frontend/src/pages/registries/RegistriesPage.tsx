import { EmptyState } from "../../ui/EmptyState";
import { usePageTitle } from "../../hooks/usePageTitle";

/**
 * Registry credentials have no API route in openapi/openapi.json yet. This screen reads
 * them through the generated client once `make openapi` picks the routes up; until then it
 * says what works today instead of pretending to manage something.
 */
export function RegistriesPage() {
  usePageTitle("Registries");
  return (
    <>
      <h1>Registries</h1>
      <EmptyState title="Private registry credentials are not available in this version">
        Images that the server can pull without credentials (public images, or a registry on a private network) deploy
        today; stored credentials for private registries arrive with the registries API.
      </EmptyState>
    </>
  );
}
