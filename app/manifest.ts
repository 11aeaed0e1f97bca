import type { MetadataRoute } from "next";

// GET /manifest.webmanifest - what a phone needs to install Marginalia as an app (issue 14).
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/",
    name: "Marginalia",
    short_name: "Marginalia",
    description: "Read closely, together: highlight, comment on and discuss what you read.",
    start_url: "/",
    scope: "/",
    display: "standalone",
    orientation: "any",
    background_color: "#fbfaf7",
    theme_color: "#fbfaf7",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
