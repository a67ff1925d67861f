"""Opens a Markdown notebook in JupyterLab (through jupytext) in headless Chromium, runs its cells with the
hmfbook kernel, and saves a screenshot of the outputs.

Usage: jupyterlab_screenshot.py WORK_DIR NOTEBOOK(relative to WORK_DIR) SCREENSHOT.png
(JUPYTER_PATH names the folder holding kernels/hmfbook/kernel.json.)

Checks that the notebook opened with the Swift (hmfbook) kernel chosen by jupytext from the notebook's
language, that running the cells shows a figure (an image) and the printed text, and prints what it saw.
"""
import json, os, socket, subprocess, sys, time, urllib.request
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.action_chains import ActionChains

work, notebook, screenshot = sys.argv[1:4]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, what, timeout=180):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception:
            pass
        time.sleep(0.5)
    raise AssertionError("timed out waiting for " + what)


# Markdown files open as notebooks (jupytext's viewer), as a user sets it once in JupyterLab.
settings = os.path.join(work, "lab-settings", "@jupyterlab", "docmanager-extension")
os.makedirs(settings, exist_ok=True)
with open(os.path.join(settings, "plugin.jupyterlab-settings"), "w") as f:
    json.dump({"defaultViewers": {"markdown": "Jupytext Notebook"}}, f)
env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=os.path.join(work, "lab-settings"))
port, token = free_port(), "hmfbook-test"
lab = subprocess.Popen(["jupyter", "lab", "--no-browser", "--port", str(port), "--ServerApp.token=" + token,
                        "--ServerApp.root_dir=" + work, "--ServerApp.ip=127.0.0.1", "--allow-root"],
                       cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "lab.log"), "w"))
browser = None
try:
    wait_for(lambda: lab.poll() is not None and sys.exit("JupyterLab exited: see " + os.path.join(work, "lab.log"))
             or urllib.request.urlopen("http://127.0.0.1:%d/api/status?token=%s" % (port, token)).status == 200,
             "JupyterLab to start", 120)
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"]:
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    browser = webdriver.Chrome(service=webdriver.ChromeService("/usr/bin/chromedriver"), options=options)
    browser.get("http://127.0.0.1:%d/lab/tree/%s?token=%s" % (port, notebook, token))

    kernel = wait_for(lambda: [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".jp-KernelName")
                               if "hmfbook" in e.text], "the notebook to open with the hmfbook kernel")
    print("kernel:", kernel[0])
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-CodeCell"), "the code cells")
    # Kernel idle, then Run > Run All Cells (the keyboard route Lab users take: Ctrl+Shift+Enter is not bound
    # everywhere, so use the menu command through the command palette's API).
    wait_for(lambda: browser.execute_script(
        "const s = document.querySelector('.jp-Notebook-ExecutionIndicator');"
        "return s && s.getAttribute('data-status') === 'idle';") or True, "the kernel")
    browser.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-CodeCell")[0].click()
    run_all = [e for e in browser.find_elements(By.CSS_SELECTOR, ".lm-MenuBar-itemLabel") if e.text == "Run"]
    run_all[0].click()
    wait_for(lambda: [e for e in browser.find_elements(By.CSS_SELECTOR, ".lm-Menu-itemLabel")
                      if e.text == "Run All Cells"], "the Run menu")[0].click()

    image = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output img"), "a figure", 300)
    wait_for(lambda: image[0].get_attribute("naturalWidth") not in (None, "0"), "the figure to load")
    printed = wait_for(lambda: [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".jp-RenderedText")
                                if e.text.strip()], "printed text", 120)
    counts = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".jp-InputPrompt") if e.text.strip()]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", image[0])
    time.sleep(1)
    browser.save_screenshot(screenshot)
    print("prompts:", counts)
    print("printed:", printed)
    print("images:", len(image), "first", image[0].get_attribute("naturalWidth"), "x", image[0].get_attribute("naturalHeight"))
    errors = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "[data-mime-type='application/vnd.jupyter.stderr']")]
    print("stderr outputs:", errors)
    if errors:
        raise AssertionError("a cell wrote to stderr")
    print("screenshot:", screenshot)
finally:
    if browser:
        browser.quit()
    lab.terminate()
    try:
        lab.wait(20)
    except subprocess.TimeoutExpired:
        lab.kill()
