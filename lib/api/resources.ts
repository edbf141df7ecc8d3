// Lookups the routes share: the resource a path names, or 404. An id of another
// organization, an unknown id and a malformed one all get the same 404.
import { type Executor } from "@/db/client";
import { type Directory } from "@/db/schema";
import { findDirectoryById, scimBaseUrl } from "@/lib/directory/directories";
import { getOrganizationById } from "@/lib/directory/organizations";
import { directoryStats } from "@/lib/directory/read/directories";
import { found } from "./route";
import { serializeDirectory } from "./serialize";

export async function organizationOr404(db: Executor, orgId: string) {
  return found(await getOrganizationById(db, orgId), "organization");
}

export async function directoryOr404(db: Executor, directoryId: string): Promise<Directory> {
  return found(await findDirectoryById(db, directoryId), "directory");
}

/** Directories as the API shows them, with their counts and last request time. */
export async function directoriesWithStats(db: Executor, list: Directory[], origin: string) {
  const stats = await directoryStats(
    db,
    list.map((d) => d.id),
  );
  return list.map((d) => serializeDirectory(d, scimBaseUrl(d.id, origin), stats.get(d.id)));
}
