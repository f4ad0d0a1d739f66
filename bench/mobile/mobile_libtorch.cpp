// libtorch anchor for the "mobile" (MobileNet-style, depthwise-separable) benchmark (bench only, never CI).
//
// Network (NCHW, float32), identical to bench/Hamr.Benchmarks/MobileBench.cs:
//   input B x 3 x 128 x 128
//   conv3x3 s2 p1 3->32 + ReLU6                                   -> B x 32 x 64 x 64
//   blocks: depthwise conv (groups = C, bias) + ReLU6 + pointwise 1x1 (bias) + ReLU6
//     dw3x3 s1 p1  32 -> pw  32->64                               -> B x 64 x 64 x 64
//     dw3x3 s2 p1  64 -> pw  64->128                              -> B x 128 x 32 x 32
//     dw3x3 s1 p1 128 -> pw 128->128                              -> B x 128 x 32 x 32
//     dw5x5 s2 p2 128 -> pw 128->256                              -> B x 256 x 16 x 16
//     dw5x5 s1 p2 256 -> pw 256->256                              -> B x 256 x 16 x 16
//   global average pool -> B x 256; Linear 256->64; MSE vs fixed random target; SGD lr 0.01 momentum 0.9
//
// Usage: mobile_libtorch [--train|--inference] [--batch 16] [--threads 2] [--warmup 10] [--steps 50]
//                        [--chunks 5] [--seed 0] [--profile]
// Prints one machine-readable line:
//   libtorch mobile mode=train batch=16 threads=2 steps=50 img_per_s=X ms_per_step=Y chunk_median_img_per_s=Z ...
// --inference runs the forward only, under torch::NoGradGuard with the net in eval mode.
// --profile adds a per-layer forward (and, when training, backward) breakdown to stderr after the timed steps.
#include <torch/torch.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

struct Block { int k, s, in, out; };
const Block kBlocks[] = {{3, 1, 32, 64}, {3, 2, 64, 128}, {3, 1, 128, 128}, {5, 2, 128, 256}, {5, 1, 256, 256}};

struct MobileImpl : torch::nn::Module {
    std::vector<torch::nn::Conv2d> convs;  // stem, then dw, pw per block
    std::vector<std::string> names;
    torch::nn::Linear fc{nullptr};

    MobileImpl() {
        auto add = [&](torch::nn::Conv2dOptions o, std::string name) {
            convs.push_back(register_module("conv" + std::to_string(convs.size()), torch::nn::Conv2d(o.bias(true))));
            names.push_back(std::move(name));
        };
        add(torch::nn::Conv2dOptions(3, 32, 3).stride(2).padding(1), "stem 3x3 s2 3->32");
        for (const auto& b : kBlocks) {
            add(torch::nn::Conv2dOptions(b.in, b.in, b.k).stride(b.s).padding(b.k / 2).groups(b.in),
                "dw" + std::to_string(b.k) + "x" + std::to_string(b.k) + " s" + std::to_string(b.s) + " " +
                    std::to_string(b.in));
            add(torch::nn::Conv2dOptions(b.in, b.out, 1), "pw " + std::to_string(b.in) + "->" + std::to_string(b.out));
        }
        fc = register_module("fc", torch::nn::Linear(256, 64));
    }

    torch::Tensor forward(torch::Tensor x) {
        for (auto& c : convs) x = torch::relu6(c->forward(x));
        return fc->forward(x.mean({2, 3}));
    }
};
TORCH_MODULE(Mobile);

struct Args {
    int batch = 16, threads = 2, warmup = 10, steps = 50, chunks = 5;
    uint64_t seed = 0;
    bool profile = false, train = true;
};

[[noreturn]] void usage(const char* argv0) {
    std::fprintf(stderr,
                 "usage: %s [--train|--inference] [--batch N] [--threads N] [--warmup N] [--steps N] [--chunks N] "
                 "[--seed N] [--profile]\n",
                 argv0);
    std::exit(2);
}

Args parse(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        std::string k = argv[i];
        auto val = [&]() -> long {
            if (i + 1 >= argc) usage(argv[0]);
            return std::strtol(argv[++i], nullptr, 10);
        };
        if (k == "--batch") a.batch = (int)val();
        else if (k == "--threads") a.threads = (int)val();
        else if (k == "--warmup") a.warmup = (int)val();
        else if (k == "--steps") a.steps = (int)val();
        else if (k == "--chunks") a.chunks = (int)val();
        else if (k == "--seed") a.seed = (uint64_t)val();
        else if (k == "--profile") a.profile = true;
        else if (k == "--train") a.train = true;
        else if (k == "--inference") a.train = false;
        else usage(argv[0]);
    }
    if (a.batch < 1 || a.threads < 1 || a.warmup < 0 || a.steps < 1 || a.chunks < 1) usage(argv[0]);
    if (a.chunks > a.steps) a.chunks = a.steps;
    return a;
}

double median_ms(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2] * 1e3;
}

// Per-layer breakdown. Forward: wall time around each conv+ReLU6. Backward: hooks on each layer's output
// record when its gradient arrives (CPU backward runs in reverse order on this thread), so the gap between
// consecutive hooks is the backward of the layer in between (ReLU6 backward included).
void profile_layers(Mobile& net, torch::optim::SGD& opt, const torch::Tensor& x, const torch::Tensor& target,
                    bool train, int iters) {
    const int L = (int)net->convs.size() + 1;  // convs + pool/fc(+loss)
    std::vector<std::vector<double>> fwd(L), bwd(L);
    for (int it = 0; it < iters; ++it) {
        std::unique_ptr<torch::NoGradGuard> guard;
        if (!train) guard = std::make_unique<torch::NoGradGuard>();
        if (train) opt.zero_grad();
        std::vector<torch::Tensor> outs;
        torch::Tensor h = x;
        for (int l = 0; l < L - 1; ++l) {
            auto t = Clock::now();
            h = torch::relu6(net->convs[l]->forward(h));
            fwd[l].push_back(seconds_since(t));
            outs.push_back(h);
        }
        auto t = Clock::now();
        h = net->fc->forward(h.mean({2, 3}));
        auto loss = torch::mse_loss(h, target);
        fwd[L - 1].push_back(seconds_since(t));
        if (!train) continue;
        std::vector<Clock::time_point> arrival(L - 1);
        for (int l = 0; l < L - 1; ++l)
            outs[l].register_hook([&arrival, l](torch::Tensor g) { arrival[l] = Clock::now(); return g; });
        auto t_b = Clock::now();
        loss.backward();
        auto t_e = Clock::now();
        auto d = [](Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); };
        bwd[L - 1].push_back(d(t_b, arrival[L - 2]));
        for (int l = L - 2; l >= 1; --l) bwd[l].push_back(d(arrival[l], arrival[l - 1]));
        bwd[0].push_back(d(arrival[0], t_e));
        opt.step();
    }
    double fsum = 0, bsum = 0;
    std::fprintf(stderr, "per-layer median ms over %d steps (forward | backward):\n", iters);
    for (int l = 0; l < L; ++l) {
        double f = median_ms(fwd[l]), b = train ? median_ms(bwd[l]) : 0.0;
        fsum += f;
        bsum += b;
        std::fprintf(stderr, "  %-22s fwd %8.3f   bwd %8.3f\n", l < L - 1 ? net->names[l].c_str() : "pool+fc(+loss)", f, b);
    }
    std::fprintf(stderr, "  %-22s fwd %8.3f   bwd %8.3f\n", "sum", fsum, bsum);
}

}  // namespace

int main(int argc, char** argv) {
    Args a = parse(argc, argv);

    at::set_num_interop_threads(1);  // must precede any inter-op work
    torch::set_num_threads(a.threads);
    torch::manual_seed(a.seed);

    Mobile net;
    if (a.train) net->train(); else net->eval();
    torch::optim::SGD opt(net->parameters(), torch::optim::SGDOptions(0.01).momentum(0.9));

    auto x = torch::randn({a.batch, 3, 128, 128});
    auto target = torch::randn({a.batch, 64});

    auto step = [&]() -> double {
        if (!a.train) {
            torch::NoGradGuard no_grad;
            auto out = net->forward(x);
            return out.data_ptr<float>()[0];
        }
        opt.zero_grad();
        auto loss = torch::mse_loss(net->forward(x), target);
        loss.backward();
        opt.step();
        return loss.item<double>();
    };

    double first = step();
    for (int i = 1; i < a.warmup; ++i) step();

    std::vector<double> chunk_rates;
    double last = 0;
    int done = 0;
    auto t_all = Clock::now();
    for (int c = 0; c < a.chunks; ++c) {
        int n = a.steps / a.chunks + (c == a.chunks - 1 ? a.steps % a.chunks : 0);
        auto t0 = Clock::now();
        for (int i = 0; i < n; ++i) last = step();
        chunk_rates.push_back(n * (double)a.batch / seconds_since(t0));
        done += n;
    }
    double total = seconds_since(t_all);
    std::vector<double> sorted = chunk_rates;
    std::sort(sorted.begin(), sorted.end());
    double median = sorted.size() % 2 ? sorted[sorted.size() / 2]
                                      : 0.5 * (sorted[sorted.size() / 2 - 1] + sorted[sorted.size() / 2]);
    std::printf(
        "libtorch mobile mode=%s batch=%d threads=%d steps=%d img_per_s=%.1f ms_per_step=%.3f "
        "chunk_median_img_per_s=%.1f chunks=%d chunk_min_img_per_s=%.1f chunk_max_img_per_s=%.1f first=%.5f "
        "last=%.5f\n",
        a.train ? "train" : "inference", a.batch, a.threads, done, done * (double)a.batch / total, total * 1e3 / done,
        median, (int)chunk_rates.size(), sorted.front(), sorted.back(), first, last);
    std::fflush(stdout);

    if (a.profile) profile_layers(net, opt, x, target, a.train, std::max(a.steps, 10));
    return 0;
}
