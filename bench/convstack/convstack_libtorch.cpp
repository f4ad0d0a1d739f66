// libtorch anchor for the conv-stack training benchmark (bench only, never CI).
//
// Network (NCHW, float32):
//   input B x 3 x 128 x 128
//   conv3x3 s2 p1  3->32  + ReLU   -> B x 32 x 64 x 64
//   conv3x3 s2 p1 32->64  + ReLU   -> B x 64 x 32 x 32
//   conv3x3 s2 p1 64->128 + ReLU   -> B x 128 x 16 x 16
//   conv3x3 s2 p1 128->256 (no ReLU) -> B x 256 x 8 x 8
//   global average pool            -> B x 256
//   Linear 256->64                 -> B x 64
//   loss = MSE(out, fixed random target B x 64); SGD lr 0.01 momentum 0.9
//
// Usage: convstack_libtorch [--batch 16] [--threads 2] [--warmup 10] [--steps 50] [--chunks 5] [--seed 0] [--profile]
// Prints one machine-readable line:
//   libtorch convstack batch=16 threads=2 steps=50 img_per_s=X ms_per_step=Y chunk_median_img_per_s=Z ...
// img_per_s is over all timed steps; chunk_median_img_per_s is the median over the chunks (steps/chunks each).
// --profile adds a per-layer forward/backward breakdown (separate phase after the timed steps, to stderr).
#include <torch/torch.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

struct ConvStackImpl : torch::nn::Module {
    torch::nn::Conv2d c1{nullptr}, c2{nullptr}, c3{nullptr}, c4{nullptr};
    torch::nn::Linear fc{nullptr};

    ConvStackImpl() {
        auto conv = [](int64_t cin, int64_t cout) {
            return torch::nn::Conv2d(torch::nn::Conv2dOptions(cin, cout, 3).stride(2).padding(1).bias(true));
        };
        c1 = register_module("c1", conv(3, 32));
        c2 = register_module("c2", conv(32, 64));
        c3 = register_module("c3", conv(64, 128));
        c4 = register_module("c4", conv(128, 256));
        fc = register_module("fc", torch::nn::Linear(256, 64));
    }

    torch::Tensor forward(torch::Tensor x) {
        x = torch::relu(c1->forward(x));
        x = torch::relu(c2->forward(x));
        x = torch::relu(c3->forward(x));
        x = c4->forward(x);
        x = x.mean({2, 3});  // global average pool -> B x 256
        return fc->forward(x);
    }
};
TORCH_MODULE(ConvStack);

struct Args {
    int batch = 16, threads = 2, warmup = 10, steps = 50, chunks = 5;
    uint64_t seed = 0;
    bool profile = false;
};

[[noreturn]] void usage(const char* argv0) {
    std::fprintf(stderr,
                 "usage: %s [--batch N] [--threads N] [--warmup N] [--steps N] [--chunks N] [--seed N] [--profile]\n",
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
        else usage(argv[0]);
    }
    if (a.batch < 1 || a.threads < 1 || a.warmup < 0 || a.steps < 1 || a.chunks < 1) usage(argv[0]);
    if (a.chunks > a.steps) a.chunks = a.steps;
    return a;
}

// Per-layer forward/backward breakdown. Forward: wall time around each layer (conv+ReLU grouped).
// Backward: hooks on each layer's output record when its gradient arrives; the autograd engine runs
// CPU backward synchronously in this thread in reverse order, so the gap between consecutive hook
// times is the backward of the layer in between (ReLU backward included with its conv).
void profile_layers(ConvStack& net, torch::optim::SGD& opt, const torch::Tensor& x, const torch::Tensor& target,
                    int iters) {
    const char* names[] = {"conv1+relu (3->32, 128->64)", "conv2+relu (32->64, 64->32)",
                           "conv3+relu (64->128, 32->16)", "conv4 (128->256, 16->8)", "avgpool", "linear 256->64",
                           "mse loss"};
    constexpr int L = 7;
    std::vector<std::vector<double>> fwd(L), bwd(L);
    std::vector<double> zero_t, step_t, total_t;
    for (int it = 0; it < iters; ++it) {
        auto t_step = Clock::now();
        auto t = Clock::now();
        opt.zero_grad();
        zero_t.push_back(seconds_since(t));

        std::vector<torch::Tensor> outs;
        double ft[L];
        t = Clock::now(); auto h = torch::relu(net->c1->forward(x)); ft[0] = seconds_since(t); outs.push_back(h);
        t = Clock::now(); h = torch::relu(net->c2->forward(h)); ft[1] = seconds_since(t); outs.push_back(h);
        t = Clock::now(); h = torch::relu(net->c3->forward(h)); ft[2] = seconds_since(t); outs.push_back(h);
        t = Clock::now(); h = net->c4->forward(h); ft[3] = seconds_since(t); outs.push_back(h);
        t = Clock::now(); h = h.mean({2, 3}); ft[4] = seconds_since(t); outs.push_back(h);
        t = Clock::now(); h = net->fc->forward(h); ft[5] = seconds_since(t); outs.push_back(h);
        t = Clock::now(); auto loss = torch::mse_loss(h, target); ft[6] = seconds_since(t);
        for (int l = 0; l < L; ++l) fwd[l].push_back(ft[l]);

        // arrival[l] = time the gradient w.r.t. outs[l] arrived (outs has L-1 entries: layers 0..5).
        std::vector<Clock::time_point> arrival(L - 1);
        for (int l = 0; l < L - 1; ++l)
            outs[l].register_hook([&arrival, l](torch::Tensor g) { arrival[l] = Clock::now(); return g; });
        auto t_b = Clock::now();
        loss.backward();
        auto t_e = Clock::now();
        auto d = [](Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); };
        bwd[6].push_back(d(t_b, arrival[5]));            // loss backward (+ engine start)
        for (int l = 5; l >= 1; --l) bwd[l].push_back(d(arrival[l], arrival[l - 1]));
        bwd[0].push_back(d(arrival[0], t_e));           // conv1 weight/bias grads (no input grad)

        t = Clock::now();
        opt.step();
        step_t.push_back(seconds_since(t));
        total_t.push_back(seconds_since(t_step));
    }
    auto med = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2] * 1e3;
    };
    double fsum = 0, bsum = 0;
    std::fprintf(stderr, "per-layer median ms over %d steps (forward | backward):\n", iters);
    for (int l = 0; l < L; ++l) {
        double f = med(fwd[l]), b = med(bwd[l]);
        fsum += f;
        bsum += b;
        std::fprintf(stderr, "  %-30s fwd %8.3f   bwd %8.3f\n", names[l], f, b);
    }
    std::fprintf(stderr, "  %-30s fwd %8.3f   bwd %8.3f\n", "sum", fsum, bsum);
    std::fprintf(stderr, "  zero_grad %.3f  sgd step %.3f  total step %.3f\n", med(zero_t), med(step_t),
                 med(total_t));
    std::printf("libtorch convstack-profile forward_ms=%.3f backward_ms=%.3f optimizer_ms=%.3f step_ms=%.3f\n", fsum,
                bsum, med(step_t) + med(zero_t), med(total_t));
}

}  // namespace

int main(int argc, char** argv) {
    Args a = parse(argc, argv);

    at::set_num_interop_threads(1);  // must precede any inter-op work
    torch::set_num_threads(a.threads);
    torch::manual_seed(a.seed);

    ConvStack net;
    net->train();
    torch::optim::SGD opt(net->parameters(), torch::optim::SGDOptions(0.01).momentum(0.9));

    auto x = torch::randn({a.batch, 3, 128, 128});
    auto target = torch::randn({a.batch, 64});

    auto train_step = [&]() {
        opt.zero_grad();
        auto out = net->forward(x);
        auto loss = torch::mse_loss(out, target);
        loss.backward();
        opt.step();
        return loss;
    };

    double first_loss = train_step().item<double>();
    for (int i = 1; i < a.warmup; ++i) train_step();

    // Timed: `chunks` chunks of steps/chunks steps each (remainder goes to the last chunk).
    std::vector<double> chunk_rates;
    torch::Tensor loss;
    int done = 0;
    auto t_all = Clock::now();
    for (int c = 0; c < a.chunks; ++c) {
        int n = a.steps / a.chunks + (c == a.chunks - 1 ? a.steps % a.chunks : 0);
        auto t0 = Clock::now();
        for (int i = 0; i < n; ++i) loss = train_step();
        double s = seconds_since(t0);
        chunk_rates.push_back(n * (double)a.batch / s);
        done += n;
    }
    double total = seconds_since(t_all);
    double last_loss = loss.item<double>();

    std::vector<double> sorted = chunk_rates;
    std::sort(sorted.begin(), sorted.end());
    double median = sorted.size() % 2 ? sorted[sorted.size() / 2]
                                      : 0.5 * (sorted[sorted.size() / 2 - 1] + sorted[sorted.size() / 2]);
    double img_per_s = done * (double)a.batch / total;

    std::printf(
        "libtorch convstack batch=%d threads=%d steps=%d img_per_s=%.1f ms_per_step=%.2f chunk_median_img_per_s=%.1f "
        "chunks=%d chunk_min_img_per_s=%.1f chunk_max_img_per_s=%.1f loss_first=%.5f loss_last=%.5f\n",
        a.batch, a.threads, done, img_per_s, total * 1e3 / done, median, (int)chunk_rates.size(), sorted.front(),
        sorted.back(), first_loss, last_loss);
    std::fflush(stdout);

    if (a.profile) profile_layers(net, opt, x, target, std::max(a.steps, 10));
    return 0;
}
