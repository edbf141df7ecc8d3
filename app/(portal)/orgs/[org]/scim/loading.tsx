import { ScimSkeleton } from "../_components/skeleton";

export default function Loading() {
  return <ScimSkeleton />;
}
