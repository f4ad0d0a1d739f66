#!/usr/bin/python3
"""PyTorch anchor for `Hamr.Benchmarks handlayer`: smplx's lbs (v0.1.28, written out below) on a random hand of the
same size as the open hand (1159 vertices, 16 joints, 10 shapes, <=2 joints per vertex, optional 135 pose blend shapes).
Prints one line: torch handlayer ... plain_one_us= autograd_fwd_bwd_ms=. Bench only, never CI (Debian's python3-torch)."""
import argparse
import time

import numpy as np
import torch

# The open hand model's welded vertex count (OpenHandModel.LoadRight(), the model Hamr's side benchmarks).
VERTICES = 1159

PARENTS = [-1, 0, 1, 2, 0, 4, 5, 0, 7, 8, 0, 10, 11, 0, 13, 14]
KEYPOINTS = [0, 13, 14, 15, 16, 1, 2, 3, 17, 4, 5, 6, 18, 10, 11, 12, 19, 7, 8, 9, 20]


def batch_rodrigues(rot_vecs):
    # smplx.lbs.batch_rodrigues, as published (including its norm(x + 1e-8)).
    batch_size = rot_vecs.shape[0]
    angle = torch.norm(rot_vecs + 1e-8, dim=1, keepdim=True)
    rot_dir = rot_vecs / angle
    cos = torch.unsqueeze(torch.cos(angle), dim=1)
    sin = torch.unsqueeze(torch.sin(angle), dim=1)
    rx, ry, rz = torch.split(rot_dir, 1, dim=1)
    zeros = torch.zeros((batch_size, 1), dtype=rot_vecs.dtype)
    K = torch.cat([zeros, -rz, ry, rz, zeros, -rx, -ry, rx, zeros], dim=1).view((batch_size, 3, 3))
    ident = torch.eye(3, dtype=rot_vecs.dtype).unsqueeze(dim=0)
    return ident + sin * K + (1 - cos) * torch.bmm(K, K)


def transform_mat(R, t):
    return torch.cat([torch.nn.functional.pad(R, [0, 0, 0, 1]), torch.nn.functional.pad(t, [0, 0, 0, 1], value=1)], dim=2)


def batch_rigid_transform(rot_mats, joints, parents):
    joints = torch.unsqueeze(joints, dim=-1)
    rel_joints = joints.clone()
    rel_joints[:, 1:] -= joints[:, parents[1:]]
    transforms_mat = transform_mat(rot_mats.reshape(-1, 3, 3), rel_joints.reshape(-1, 3, 1)).reshape(-1, joints.shape[1], 4, 4)
    chain = [transforms_mat[:, 0]]
    for i in range(1, len(parents)):
        chain.append(torch.matmul(chain[parents[i]], transforms_mat[:, i]))
    transforms = torch.stack(chain, dim=1)
    posed_joints = transforms[:, :, :3, 3]
    joints_homogen = torch.nn.functional.pad(joints, [0, 0, 0, 1])
    rel_transforms = transforms - torch.nn.functional.pad(torch.matmul(transforms, joints_homogen), [3, 0, 0, 0, 0, 0, 0, 0])
    return posed_joints, rel_transforms


def lbs(m, betas, pose, transl):
    batch_size = betas.shape[0]
    v_shaped = m["v_template"] + torch.einsum("bl,mkl->bmk", betas, m["shapedirs"])
    J = torch.einsum("bik,ji->bjk", v_shaped, m["J_regressor"])
    rot_mats = batch_rodrigues(pose.view(-1, 3)).view(batch_size, -1, 3, 3)
    v_posed = v_shaped
    if m["posedirs"] is not None:
        ident = torch.eye(3)
        pose_feature = (rot_mats[:, 1:, :, :] - ident).view(batch_size, -1)
        v_posed = v_shaped + torch.matmul(pose_feature, m["posedirs"]).view(batch_size, -1, 3)
    J_transformed, A = batch_rigid_transform(rot_mats, J, PARENTS)
    W = m["weights"].unsqueeze(0).expand(batch_size, -1, -1)
    T = torch.matmul(W, A.view(batch_size, 16, 16)).view(batch_size, -1, 4, 4)
    ones = torch.ones([batch_size, v_posed.shape[1], 1])
    v_homo = torch.matmul(T, torch.unsqueeze(torch.cat([v_posed, ones], dim=2), dim=-1))
    verts = v_homo[:, :, :3, 0] + transl.unsqueeze(1)
    tips = torch.einsum("bik,ji->bjk", verts, m["tip_regressor"])
    keypoints = torch.cat([J_transformed + transl.unsqueeze(1), tips], dim=1)[:, KEYPOINTS]
    return verts, keypoints


def model(vertices, shapes, posedirs, rng):
    weights = np.zeros((vertices, 16), np.float32)
    for v in range(vertices):
        j = rng.integers(16)
        if rng.random() < 0.4:
            w = rng.random()
            weights[v, j] = w
            weights[v, max(PARENTS[j], 0)] += 1 - w
        else:
            weights[v, j] = 1
    reg = np.zeros((16, vertices), np.float32)
    tips = np.zeros((5, vertices), np.float32)
    for j in range(16):
        reg[j, rng.choice(vertices, 17, replace=False)] = 1 / 17
    for t in range(5):
        tips[t, rng.choice(vertices, 17, replace=False)] = 1 / 17
    f = lambda a: torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32))
    return {
        "v_template": f(rng.normal(0, 0.05, (vertices, 3))),
        "shapedirs": f(rng.normal(0, 0.003, (vertices, 3, shapes))),
        "posedirs": f(rng.normal(0, 0.002, (135, vertices * 3))) if posedirs else None,
        "J_regressor": f(reg),
        "tip_regressor": f(tips),
        "weights": f(weights),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--iters", type=int, default=2000)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--posedirs", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    rng = np.random.default_rng(1)
    m = model(VERTICES, 10, a.posedirs, rng)
    beta = torch.randn(a.batch, 10)
    theta = torch.randn(a.batch, 16, 3) * 0.5
    transl = torch.randn(a.batch, 3) * 0.1

    def median_us(call, iters):
        for _ in range(min(iters, 200)):
            call()
        chunk = max(iters // 20, 1)
        us = []
        for _ in range(20):
            t0 = time.perf_counter()
            for _ in range(chunk):
                call()
            us.append((time.perf_counter() - t0) * 1e6 / chunk)
        return sorted(us)[len(us) // 2]

    with torch.no_grad():
        one_us = median_us(lambda: lbs(m, beta[:1], theta[:1], transl[:1]), a.iters)
        batch_us = median_us(lambda: lbs(m, beta, theta, transl), max(a.iters // a.batch, 20))

    beta_g = beta.clone().requires_grad_()
    theta_g = theta.clone().requires_grad_()
    rv = torch.randn(a.batch, VERTICES, 3)
    rk = torch.randn(a.batch, 21, 3)

    def step():
        beta_g.grad = None
        theta_g.grad = None
        v, k = lbs(m, beta_g, theta_g, transl)
        ((v * rv).sum() + (k * rk).sum()).backward()

    for _ in range(a.warmup):
        step()
    chunks = []
    for done in range(0, a.steps, 5):
        n = min(5, a.steps - done)
        t0 = time.perf_counter()
        for _ in range(n):
            step()
        chunks.append((time.perf_counter() - t0) * 1e3 / n)
    chunks.sort()
    print(f"torch handlayer vertices={VERTICES} shapes=10 posedirs={int(a.posedirs)} threads={a.threads} batch={a.batch} "
          f"plain_one_us={one_us:.2f} plain_batch_us_per_hand={batch_us / a.batch:.2f} "
          f"autograd_fwd_bwd_ms={chunks[len(chunks) // 2]:.3f} autograd_best_ms={chunks[0]:.3f} torch={torch.__version__}")


if __name__ == "__main__":
    main()
