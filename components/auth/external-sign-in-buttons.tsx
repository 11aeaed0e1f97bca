"use client";
import { signInWithProvider } from "./next-auth-requests";

type Props = { providers: { id: string; name: string }[]; callbackUrl: string };

/** GitHub, Google, a university's single sign-on: whichever the deployment has switched on. */
export function ExternalSignInButtons({ providers, callbackUrl }: Props) {
  if (providers.length === 0) return null;
  return (
    <>
      <p className="divider">or</p>
      <div className="form">
        {providers.map((provider) => (
          <button
            key={provider.id}
            type="button"
            className="button button--quiet"
            onClick={() => void signInWithProvider(provider.id, callbackUrl)}
          >
            Continue with {provider.name}
          </button>
        ))}
      </div>
    </>
  );
}
