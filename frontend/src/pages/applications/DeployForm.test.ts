import { describe, expect, it } from "vitest";
import { deploymentBody } from "./DeployForm";

const git = { type: "git", repository: "https://example.test/acme/web.git", ref: "main", commit: null, path: "." } as const;
const image = { type: "image", image: "nginx:1.27" } as const;

describe("deploymentBody", () => {
  it("sends an image only for image apps and a commit (over a ref) only for git apps", () => {
    expect(deploymentBody(image, { image: " nginx:1.28 ", ref: "dev", commit: "abc" })).toEqual({ image: "nginx:1.28" });
    expect(deploymentBody(image, { image: "", ref: "", commit: "" })).toEqual({});
    expect(deploymentBody(git, { image: "x", ref: "release", commit: "" })).toEqual({ ref: "release" });
    expect(deploymentBody(git, { image: "", ref: "release", commit: "0123abc" })).toEqual({ commit: "0123abc" });
    expect(deploymentBody(git, { image: "", ref: "", commit: "" })).toEqual({});
  });
});
