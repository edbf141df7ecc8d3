"use client";
// Holds a just-issued SCIM token in browser memory only, between the server action that
// returned it and the moment the admin dismisses it (or leaves the SCIM tab). It lives in
// the SCIM layout so that it survives the page re-rendering into the directory view after
// Configure, and live refreshes; a reload forgets it, which is the point.
import { createContext, useContext, useMemo, useState, type ReactNode } from "react";
import type { IssuedToken } from "./actions";

type IssuedTokenState = {
  issued: IssuedToken | undefined;
  setIssued: (token: IssuedToken | undefined) => void;
};

const IssuedTokenContext = createContext<IssuedTokenState | undefined>(undefined);

export function IssuedTokenProvider({ children }: { children: ReactNode }) {
  const [issued, setIssued] = useState<IssuedToken | undefined>(undefined);
  const value = useMemo(() => ({ issued, setIssued }), [issued]);
  return <IssuedTokenContext.Provider value={value}>{children}</IssuedTokenContext.Provider>;
}

export function useIssuedToken(): IssuedTokenState {
  const value = useContext(IssuedTokenContext);
  if (!value) throw new Error("useIssuedToken needs IssuedTokenProvider (the SCIM layout)");
  return value;
}
